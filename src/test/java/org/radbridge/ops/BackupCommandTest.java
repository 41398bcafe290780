package org.radbridge.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.radbridge.cli.RadBridgeCli;
import org.radbridge.store.Db;
import org.radbridge.testing.TestEngine;
import picocli.CommandLine;

/** The refusals of `radbridge backup` / `restore`: PostgreSQL, a folder inside the data directory, a non-empty folder, an altered backup. */
class BackupCommandTest {

    private Path work;
    private Path data;

    @BeforeEach
    void setUp() throws Exception {
        work = Files.createTempDirectory("backup-cmd");
        data = work.resolve("data");
        Files.createDirectories(data.resolve("outbox/emr"));
        Files.writeString(data.resolve("outbox/emr/1.hl7"), "MSH|");
        Db.open(new Db.Config("", null, null, data, "NORMAL", 2, 64)).close();
    }

    @AfterEach
    void tearDown() {
        TestEngine.deleteTree(work);
    }

    private Path config(String... lines) throws Exception {
        Path c = Files.createTempFile(work, "cfg", ".properties");
        Files.writeString(c, String.join("\n", lines) + "\n");
        return c;
    }

    private static String[] cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new RadBridgeCli());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new String[] {String.valueOf(cl.execute(args)), out.toString(), err.toString()};
    }

    @Test
    void refusals() throws Exception {
        Path src = config("radbridge.data-dir=" + data);
        String[] r = cli("backup", work.resolve("b0").toString(), "--config",
                config("radbridge.db.url=jdbc:postgresql://127.0.0.1/x").toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("pg_dump"), r[2]);
        r = cli("backup", data.resolve("inside").toString(), "--config", src.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("must not be inside the data directory"), r[2]);
        Files.createDirectories(work.resolve("full"));
        Files.writeString(work.resolve("full/x"), "x");
        r = cli("backup", work.resolve("full").toString(), "--config", src.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("is not empty"), r[2]);

        r = cli("backup", work.resolve("b1").toString(), "--config", src.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(Files.isRegularFile(work.resolve("b1/outbox/emr/1.hl7")));
        Files.writeString(work.resolve("b1/outbox/emr/1.hl7"), "MSH|altered");
        r = cli("restore", work.resolve("b1").toString(), "--config", config("radbridge.data-dir=" + work.resolve("new")).toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("outbox/emr/1.hl7 is missing or altered"), r[2]);
        assertTrue(!Files.exists(work.resolve("new/radbridge.db")), "nothing restored from an altered backup");
        r = cli("restore", work.resolve("nothing").toString(), "--config", config("radbridge.data-dir=" + work.resolve("new")).toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("not a RadBridge backup"), r[2]);
    }
}
