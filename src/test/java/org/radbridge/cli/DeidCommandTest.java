package org.radbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.engine.EngineContext;
import org.radbridge.audit.JdbcAuditTrail;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.io.DicomFile;
import org.radbridge.dicom.testing.Dcmtk;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.outbox.NewEntry;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.Scenarios;
import org.radbridge.testing.TestEngine;
import picocli.CommandLine;

/**
 * `radbridge deid --profile NAME FILE`: prints the de-identified message, audits the run, and uses the
 * same surrogate table and keys as an engine on the same radbridge.data-dir.
 */
class DeidCommandTest {

    record Run(int exit, String out, String err) {
    }

    static Run deid(Path config, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new RadBridgeCli());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] all = Stream.concat(Stream.of("deid", "--config", config.toString()), Stream.of(args)).toArray(String[]::new);
        int rc = cl.execute(all);
        return new Run(rc, out.toString(), err.toString());
    }

    static Path config(Path dir, String key) throws Exception {
        Path f = dir.resolve("radbridge.properties");
        Files.writeString(f, "radbridge.data-dir=" + dir.resolve("data") + "\n"
                + "radbridge.mappings.dir=" + ProjectPaths.project().resolve("mappings") + "\n"
                + "radbridge.audit.key=test-audit-key\n"
                + "radbridge.db.sqlite-synchronous=NORMAL\n"
                + (key == null ? "" : "radbridge.deid.key=" + key + "\n"));
        return f;
    }

    @Test
    void printsTheDeidentifiedMessageAndAuditsTheRun(@TempDir Path dir) throws Exception {
        Path msg = Scenarios.dir("oru-r01-report").resolve("message.hl7");
        Run r = deid(config(dir, null), "--profile", "hipaa-safe-harbor", msg.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("MSH|^~\\&|DEMO_REPORTS|RADIOLOGY|RADBRIDGE|RAD|2026||ORU^R01^ORU_R01|"), r.out());
        assertTrue(lines.get(1).startsWith("PID|1||P") && lines.get(1).endsWith("^^^HOSP^MR||ANONYMOUS||1970|F"), r.out());
        assertFalse(r.out().contains("PAT1001") || r.out().contains("TESTER") || r.out().contains("WELBY"), r.out());
        assertTrue(r.err().contains("hipaa-safe-harbor v1 (SAFE_HARBOR, 45 CFR 164.514(b)(2)), key surrogate-table"), r.err());
        try (org.radbridge.store.Db db = org.radbridge.store.Db.open(new org.radbridge.store.Db.Config(null, null, null,
                dir.resolve("data"), "NORMAL", 2, 8))) {
            List<JdbcAuditTrail.Stored> events = new JdbcAuditTrail(db, "test-audit-key".getBytes(StandardCharsets.UTF_8))
                    .list(null, "DEIDENTIFICATION", null, null, 10);
            assertEquals(1, events.size());
            assertTrue(events.get(0).event().principal().startsWith("cli:"));
            assertTrue(events.get(0).event().detail().contains("\"legalBasis\":\"SAFE_HARBOR\""), events.get(0).event().detail());
            assertFalse(events.get(0).event().detail().contains("PAT1001"));
        }
    }

    @Test
    void usesTheSameSurrogateTableAsTheEngineOnTheSameDataDirectory(@TempDir Path dir) throws Exception {
        Path msg = Scenarios.dir("orm-o01-ris-new-ct").resolve("message.hl7");
        Run r = deid(config(dir, null), "--profile", "hipaa-safe-harbor", "--raw", msg.toString());
        assertEquals(0, r.exit(), r.err());
        String cliPid = Hl7Parser.parse(r.out()).get("PID-3.1");
        Path ov = dir.resolve("overlay");
        Files.createDirectories(ov.resolve("deid"));
        Files.writeString(ov.resolve("deid/targets.yaml"), "targets:\n  - name: sh\n    source: emr\n    profile: hipaa-safe-harbor\n"
                + "    to: folder:" + dir.resolve("out") + "\n");
        try (TestEngine engine = TestEngine.start(Map.of("radbridge.data-dir", dir.resolve("data").toString(),
                "radbridge.mappings.overlay-dir", ov.toString()))) {
            EngineContext ctx = engine.app().engine().context();
            byte[] payload = Files.readAllBytes(msg);
            ctx.db().writeAndWait(tx -> ctx.outbox().enqueue(tx, null, new NewEntry("emr", "K", "hl7", null, payload, null)));
            long end = System.currentTimeMillis() + 30_000;
            while (count(dir.resolve("out")) == 0 && System.currentTimeMillis() < end) {
                Thread.sleep(50);
            }
            try (Stream<Path> s = Files.list(dir.resolve("out"))) {
                Path f = s.filter(p -> p.toString().endsWith(".hl7")).findFirst().orElseThrow();
                assertEquals(cliPid, Hl7Parser.parse(Files.readString(f, StandardCharsets.ISO_8859_1)).get("PID-3.1"));
            }
        }
    }

    @Test
    void aKeyedProfileWithoutTheKeySaysWhichPropertyIsMissing(@TempDir Path dir) throws Exception {
        Run r = deid(config(dir, null), "--profile", "pseudonymized-research",
                Scenarios.dir("oru-r01-report").resolve("message.hl7").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("radbridge.deid.key"), r.err());
        Run ok = deid(config(dir, "cli-test-key-0123456789abcdef-0123456789abcdef"), "--profile", "pseudonymized-research",
                Scenarios.dir("oru-r01-report").resolve("message.hl7").toString());
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.err().contains("key hmac-sha256:"), ok.err());
    }

    @Test
    void dicomWithOptionsToAFile(@TempDir Path dir) throws Exception {
        Dcmtk.assumeAvailable("dump2dcm");
        Path in = Dcmtk.dump2dcm(Files.readString(Scenarios.dir("deid-canary-dicom").resolve("dataset.dump")), dir.resolve("in.dcm"));
        Path out = dir.resolve("out.dcm");
        Run r = deid(config(dir, null), "--profile", "dicom-basic", "--option", "retain-uids", "--out", out.toString(), in.toString());
        assertEquals(0, r.exit(), r.err());
        var ds = DicomFile.read(out).dataset();
        assertEquals("1.2.826.0.1.3680043.10.543.99887744", ds.getString(Tag.StudyInstanceUID));
        assertEquals("YES", ds.getString(Tag.PatientIdentityRemoved));
        Run bad = deid(config(dir, null), "--profile", "dicom-basic", "--option", "clean-pixel-data", in.toString());
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("does not alter pixel data"), bad.err());
    }

    static long count(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".hl7")).count();
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
