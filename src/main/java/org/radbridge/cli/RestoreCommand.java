package org.radbridge.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.radbridge.settings.ConfigException;
import org.radbridge.settings.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `radbridge restore DIR`: checks a backup of `radbridge backup` against its manifest and copies it into the
 * configured data directory, which must hold no database (the engine stopped). Exit 0 done, 2 cannot.
 */
@Command(name = "restore", description = "Restore a backup made by `radbridge backup` into the configured data directory "
        + "(which must hold no database; the engine stopped). Exit 0 done, 2 cannot.")
final class RestoreCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "the backup folder")
    Path dir;

    @Option(names = "--config", description = "properties file (also RADBRIDGE_CONFIG): radbridge.data-dir and radbridge.db.url")
    Path config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Settings s = Settings.load(config, System.getenv(), System.getProperties());
            Path db = DataDirBackup.sqliteFile(s.get("radbridge.db.url"), s.dataDir());
            if (db == null) {
                err.println("radbridge.db.url is PostgreSQL: restore it with pg_restore (docs/operations.md)");
                return 2;
            }
            DataDirBackup.Result r = DataDirBackup.restore(dir, s.dataDir(), db);
            out.printf("{\"restored\":\"%s\",\"files\":%d,\"bytes\":%d}%n", BackupCommand.json(s.dataDir().toAbsolutePath()), r.files(),
                    r.bytes());
            out.flush();
            return 0;
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("restore failed: " + e.getMessage());
            return 2;
        }
    }
}
