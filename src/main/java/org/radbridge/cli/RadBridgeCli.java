package org.radbridge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `radbridge` — the command line (design.md §3): run, replay (--expect), explain, shadow-report, deid, check-config, token, audit, backup, restore, health. */
@Command(name = "radbridge", mixinStandardHelpOptions = true, version = "RadBridge 0.1.0",
        description = "Radiology integration engine: HL7 v2 over MLLP, DICOM worklist/MPPS/IAN, FHIR R4.",
        subcommands = {RunCommand.class, ReplayCommand.class, ExplainCommand.class, ShadowReportCommand.class, DeidCommand.class,
            CheckConfigCommand.class, TokenCommand.class, AuditCommand.class, BackupCommand.class, RestoreCommand.class,
            HealthCommand.class})
public final class RadBridgeCli implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        int rc = new CommandLine(new RadBridgeCli()).execute(args);
        if (rc != 0 || !isRun(args)) {
            System.exit(rc);
        }
    }

    private static boolean isRun(String[] args) {
        return args.length > 0 && args[0].equals("run");
    }
}
