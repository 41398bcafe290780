package org.radbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.TestEngine;
import picocli.CommandLine;

/**
 * The regression suite (docs/site-adaptation.md, "Regression suite (replay --expect)"): bin/radbridge replay DIR --expect
 * passes on test-messages/ as shipped, and fails with a readable diff naming the file and the attribute when a
 * mapping changes (an overlay that changes one MWL attribute). The site's data directory is never used.
 */
@Timeout(600)
class ReplayExpectTest {

    Path tmp;
    Path data;

    @BeforeEach
    void setUp() throws Exception {
        tmp = Files.createTempDirectory("replay-expect");
        data = Files.createDirectories(tmp.resolve("data"));
    }

    @AfterEach
    void tearDown() {
        TestEngine.deleteTree(tmp);
    }

    private Path config(String extra) throws Exception {
        Path c = tmp.resolve("radbridge.properties");
        Files.writeString(c, "radbridge.data-dir=" + data + "\n"
                + "radbridge.mappings.dir=" + ProjectPaths.project().resolve("mappings") + "\n"
                + "radbridge.routes.dir=" + ProjectPaths.project().resolve("routes") + "\n" + extra);
        return c;
    }

    private record Run(int rc, String out, String err) {
    }

    private Run replay(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = new CommandLine(new RadBridgeCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(rc, out.toString(), err.toString());
    }

    @Test
    void passesOnTheShippedScenarios() throws Exception {
        long t0 = System.nanoTime();
        Run r = replay("replay", "--expect", "--config", config("").toString(), ProjectPaths.testMessages().toString());
        double secs = (System.nanoTime() - t0) / 1e9;
        System.err.printf("replay --expect over test-messages/: %.1f s%n%s", secs, r.out());
        assertEquals(0, r.rc(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*\\d+ scenario\\(s\\): \\d+ match, 0 differ; \\d+ expected file\\(s\\) compared.*"), r.out());
        try (var s = Files.list(data)) {
            assertEquals(0, s.count(), "the configured data directory is not used");
        }
    }

    @Test
    void aChangedMappingFailsWithAReadableDiff() throws Exception {
        Path overlay = Files.createDirectories(tmp.resolve("overlay").resolve("hl7-to-mwl"));
        String yaml = Files.readString(ProjectPaths.project().resolve("mappings/hl7-to-mwl/orm-o01.yaml"));
        String changed = yaml.replace("    from: [OBR-44.2, OBR-4.2]", "    from: [OBR-4.5, OBR-4.2]");
        assertTrue(!changed.equals(yaml), "the overlay changes the Requested Procedure Description");
        Files.writeString(overlay.resolve("orm-o01.yaml"), changed);
        Path scenario = ProjectPaths.testMessages().resolve("orm-o01-ris-new-ct");
        Run r = replay("replay", "--expect", "--config", config("radbridge.mappings.overlay-dir=" + overlay.getParent() + "\n").toString(),
                scenario.toString());
        assertEquals(1, r.rc(), r.out() + r.err());
        String out = r.out();
        assertTrue(out.contains("DIFFERS orm-o01-ris-new-ct"), out);
        assertTrue(out.contains("--- expected/mwl.json"), out);
        assertTrue(out.contains("-         \"CT CHEST W/O CONTRAST\""), "the expected value, marked -: " + out);
        assertTrue(out.contains("+         \"CT Chest without contrast\""), "the produced value, marked +: " + out);
        assertTrue(out.contains("@@ DICOM attribute RequestedProcedureDescription (0032,1060)"), "the attribute is named: " + out);
        assertTrue(out.contains("1 scenario(s): 0 match, 1 differ"), out);
        assertTrue(!out.contains("fhir-message.json"), "the FHIR Bundle did not change: " + out);
    }
}
