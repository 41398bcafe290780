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
 * `radbridge backup DIR`: online backup of the embedded installation while the engine runs ({@link DataDirBackup});
 * prints a one-line JSON summary on stdout. For PostgreSQL it refuses and points to pg_dump (docs/operations.md).
 * Exit 0 done, 2 cannot.
 */
@Command(name = "backup", description = "Back up the data directory and the embedded (SQLite) database while the engine runs "
        + "(PostgreSQL: use pg_dump, see docs/operations.md). Exit 0 done, 2 cannot.")
final class BackupCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "new or empty folder for the backup (not inside the data directory)")
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
                err.println("radbridge.db.url is PostgreSQL: back it up with pg_dump -Fc (docs/operations.md); "
                        + "`radbridge backup` copies embedded installations");
                return 2;
            }
            long t0 = System.nanoTime();
            DataDirBackup.Result r = DataDirBackup.backup(s.dataDir(), db, dir);
            out.printf("{\"backup\":\"%s\",\"files\":%d,\"bytes\":%d,\"databaseBytes\":%d,\"seconds\":%.1f}%n", json(dir.toAbsolutePath()),
                    r.files(), r.bytes(), r.databaseBytes(), (System.nanoTime() - t0) / 1e9);
            out.flush();
            return 0;
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("backup failed: " + e.getMessage());
            return 2;
        }
    }

    static String json(Path p) {
        return p.toString().replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
