package org.radbridge.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "shadow-report", description = "Print the shadow run's reports.")
final class ShadowReportCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }
}
