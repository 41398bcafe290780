package org.radbridge.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.radbridge.settings.ConfigException;
import org.radbridge.settings.Settings;
import org.radbridge.audit.AuditKey;
import org.radbridge.audit.AuditVerifier;
import org.radbridge.audit.CheckpointLog;
import org.radbridge.audit.JdbcAuditTrail;
import org.radbridge.store.Db;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `radbridge audit verify`: checks the audit chain and the signed checkpoints (docs/security.md). */
@Command(name = "audit", description = "Audit trail tools.", subcommands = AuditCommand.Verify.class)
final class AuditCommand implements Runnable {

    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    @Command(name = "verify", description = "Check the audit chain and the checkpoints; name the first bad record. "
            + "Exit 0 intact, 1 tampered, 2 cannot check.")
    static final class Verify implements Callable<Integer> {

        @Option(names = "--config", description = "properties file (also RADBRIDGE_CONFIG); the database and audit key of the engine")
        Path config;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--checkpoints", description = "further checkpoint files (e.g. the exported copy); "
                + "<data-dir>/audit/checkpoints.log and head.json are always read")
        List<Path> checkpoints = new ArrayList<>();

        @Override
        public Integer call() {
            java.io.PrintWriter out = spec.commandLine().getOut();
            java.io.PrintWriter err = spec.commandLine().getErr();
            Settings s;
            byte[] key;
            try {
                s = Settings.load(config, System.getenv(), System.getProperties());
                key = AuditKey.resolve(s.get("radbridge.audit.key"), s.dataDir(), false);
            } catch (ConfigException e) {
                err.println(e.getMessage());
                return 2;
            } catch (Exception e) {
                err.println("cannot read the audit key: " + e.getMessage());
                return 2;
            }
            return verify(s, key, checkpoints, out, err);
        }

        static int verify(Settings s, byte[] key, List<Path> extra, java.io.PrintWriter out, java.io.PrintWriter err) {
            String url = s.get("radbridge.db.url");
            if ((url.isEmpty() || url.equals("embedded")) && !java.nio.file.Files.exists(s.dataDir().resolve("radbridge.db"))) {
                err.println("no embedded database in " + s.dataDir().toAbsolutePath() + " (radbridge.data-dir)");
                err.flush();
                return 2;
            }
            Db db;
            try {
                db = Db.open(new Db.Config(s.get("radbridge.db.url"), s.get("radbridge.db.user"), s.get("radbridge.db.password"),
                        s.dataDir(), s.get("radbridge.db.sqlite-synchronous"), 2, 16));
            } catch (RuntimeException e) {
                err.println("cannot open the database: " + e.getMessage());
                return 2;
            }
            try {
                List<Path> files = new ArrayList<>(CheckpointLog.defaultFiles(s.dataDir()));
                files.addAll(extra);
                AuditVerifier.Result r = new AuditVerifier(new JdbcAuditTrail(db, key)).verify(files);
                out.println(r.summary());
                out.flush();
                return r.ok() ? 0 : 1;
            } catch (Exception e) {
                err.println("cannot verify: " + e.getMessage());
                return 2;
            } finally {
                db.close();
            }
        }
    }
}
