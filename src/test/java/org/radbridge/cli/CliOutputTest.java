package org.radbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.testing.ProjectPaths;

/**
 * Commands that print data print only the data on standard output (issue 14, "CLI output"): the command runs
 * as a child process with the shipped logging configuration (src/main/resources/logback.xml, the test classes
 * left out of its class path), on a fresh data directory without an audit key, so the database migrations
 * and the audit-key warning are logged; they must all be on standard error.
 */
@Timeout(120)
class CliOutputTest {

    record Run(int exit, String out, String err) {
    }

    static Run child(String... args) throws Exception {
        String cp = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.endsWith("test-classes") && !e.endsWith("test-classes/")).collect(Collectors.joining(File.pathSeparator));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", cp, RadBridgeCli.class.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("cli-out", ".txt");
        Path err = Files.createTempFile("cli-err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).directory(ProjectPaths.project().toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the command finished");
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static Path config(Path dir) throws Exception {
        Path f = dir.resolve("radbridge.properties");
        Files.writeString(f, "radbridge.data-dir=" + dir.resolve("data") + "\n"
                + "radbridge.mappings.dir=" + ProjectPaths.project().resolve("mappings") + "\n"
                + "radbridge.db.sqlite-synchronous=NORMAL\n");
        return f;
    }

    @Test
    void deidPrintsOnlyTheMessageAndAuditVerifyOnlyItsSummary(@TempDir Path dir) throws Exception {
        Path config = config(dir);
        Path msg = ProjectPaths.project().resolve("test-messages/oru-r01-report/message.hl7");
        Run r = child("deid", "--config", config.toString(), "--profile", "hipaa-safe-harbor", msg.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("Applied migration") && r.err().contains("radbridge.audit.key is not set"),
                "the logs were written, to standard error: " + r.err());
        // exactly the de-identified message: the same as the command prints in-process on the same data directory
        DeidCommandTest.Run same = DeidCommandTest.deid(config, "--profile", "hipaa-safe-harbor", msg.toString());
        assertEquals(0, same.exit(), same.err());
        assertEquals(same.out(), r.out(), "standard output holds the message and nothing else");
        long segments = Files.readString(msg).split("[\r\n]+").length;
        assertEquals(segments, r.out().lines().count(), r.out());
        assertTrue(r.out().lines().allMatch(l -> l.matches("[A-Z][A-Z0-9]{2}\\|.*")), r.out());

        Run v = child("audit", "verify", "--config", config.toString());
        assertEquals(0, v.exit(), v.out() + v.err());
        assertEquals(1, v.out().lines().count(), "one summary line: " + v.out());
        assertTrue(!v.out().contains(" INFO ") && !v.out().contains(" WARN "), v.out());
    }
}
