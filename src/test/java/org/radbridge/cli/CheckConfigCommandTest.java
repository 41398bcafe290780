package org.radbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.testing.ProjectPaths;
import picocli.CommandLine;

/**
 * `radbridge check-config` runs the checks a reload runs (config.ConfigCheck): the shipped configuration passes; a
 * broken overlay file and a broken routes file are each named with file and line on stderr, exit code 2.
 */
class CheckConfigCommandTest {

    @Test
    void namesEveryProblemWithFileAndLine(@TempDir Path dir) throws Exception {
        Path overlay = Files.createDirectories(dir.resolve("overlay/codes"));
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Path config = dir.resolve("radbridge.properties");
        Files.writeString(config, "radbridge.mappings.dir=" + ProjectPaths.project().resolve("mappings") + "\n"
                + "radbridge.routes.dir=" + ProjectPaths.project().resolve("routes") + "\n"
                + "radbridge.mappings.overlay-dir=" + dir.resolve("overlay") + "\n");
        String[] ok = run(config);
        assertEquals("0", ok[0], ok[2]);
        assertTrue(ok[1].startsWith("configuration OK"), ok[1]);

        Files.writeString(overlay.resolve("modality.yaml"), "CT: CT\nMR: [MR\n");
        Files.writeString(routes.resolve("site.camel.yaml"), "- route:\n    id: x\n    from:\n      uri: direct:x\n   steps: []\n");
        Files.writeString(config, Files.readString(config).replace(ProjectPaths.project().resolve("routes").toString(), routes.toString()));
        String[] bad = run(config);
        assertEquals("2", bad[0], bad[1] + bad[2]);
        assertTrue(bad[2].contains("codes/modality.yaml:"), bad[2]);
        assertTrue(bad[2].contains("site.camel.yaml:5"), bad[2]);
    }

    private static String[] run(Path config) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int rc = new CommandLine(new RadBridgeCli()).execute("check-config", "--config", config.toString());
            return new String[] {String.valueOf(rc), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
