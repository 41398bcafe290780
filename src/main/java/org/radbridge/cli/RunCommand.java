package org.radbridge.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.radbridge.app.ConfigException;
import org.radbridge.app.RadBridgeApp;
import org.radbridge.app.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `radbridge run`: starts the engine and runs until SIGTERM / Ctrl-C. */
@Command(name = "run", description = "Start the engine (embedded defaults unless configured).")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", description = "properties file (also RADBRIDGE_CONFIG)")
    Path config;

    @Override
    public Integer call() throws Exception {
        Settings s;
        RadBridgeApp app;
        try {
            s = Settings.load(config, System.getenv(), System.getProperties());
            app = RadBridgeApp.start(s);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            done.countDown();
        }, "radbridge-shutdown"));
        done.await();
        return 0;
    }
}
