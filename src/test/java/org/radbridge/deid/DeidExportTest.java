package org.radbridge.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.deid.fhir.FhirDeidentifier;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.io.DicomFile;
import org.radbridge.dicom.testing.Dcmtk;
import org.radbridge.engine.EngineContext;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.outbox.NewEntry;
import org.radbridge.outbox.OutboxEntry;
import org.radbridge.settings.ConfigException;
import org.radbridge.testing.Scenarios;
import org.radbridge.testing.TestEngine;

/**
 * De-identified destinations in the real engine: targets in an overlay targets.yaml. An ORU^R01 sent over
 * MLLP goes through the engine's flows (report-to-emr enqueues for "emr", report-to-fhir for "fhir"); each
 * enqueue is copied to the targets in the same transaction; the outbox workers deliver each copy through
 * route deid-export — de-identified, audited, then sent to a real MLLP listener or written to a folder.
 * A DICOM worklist entry (no worklist flow in this branch) is enqueued directly. A payload that cannot be
 * de-identified is dead-lettered; a keyed target without radbridge.deid.key stops start-up.
 */
class DeidExportTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static Path overlay(Path dir, String targets) throws Exception {
        Files.createDirectories(dir.resolve("deid"));
        Files.writeString(dir.resolve("deid/targets.yaml"), targets);
        return dir;
    }

    @Test
    void copiesAreDeidentifiedAuditedAndDelivered(@TempDir Path tmp) throws Exception {
        Dcmtk.assumeAvailable("dump2dcm");
        Path out = tmp.resolve("out");
        try (MllpListener research = new MllpListener()) {
            Path ov = overlay(tmp.resolve("overlay"), """
                    targets:
                      - name: research-reports
                        source: emr
                        kinds: [oru-r01]
                        profile: pseudonymized-research
                        to: mllp://127.0.0.1:%d
                      - name: safe-harbor-files
                        source: emr
                        profile: hipaa-safe-harbor
                        to: folder:%s
                      - name: fhir-files
                        source: fhir
                        profile: hipaa-safe-harbor
                        to: folder:%s
                      - name: research-fhir
                        source: fhir
                        profile: pseudonymized-research
                        to: folder:%s
                      - name: ai-worklist
                        source: worklist-export
                        profile: dicom-basic
                        options: [retain-uids]
                        to: folder:%s
                    """.formatted(research.port(), out.resolve("sh"), out.resolve("fhir"), out.resolve("rfhir"), out.resolve("wl")));
            try (TestEngine engine = TestEngine.start(Map.of("radbridge.mappings.overlay-dir", ov.toString(),
                    "radbridge.deid.key", DeidTesting.KEY))) {
                EngineContext ctx = engine.app().engine().context();
                String ack = engine.send(Files.readString(Scenarios.dir("deid-canary-oru").resolve("message.hl7"), StandardCharsets.ISO_8859_1));
                assertTrue(ack.contains("MSA|AA|CNYORUCTRL10"), ack);
                byte[] wl = Files.readAllBytes(Dcmtk.dump2dcm(Files.readString(Scenarios.dir("deid-canary-dicom").resolve("dataset.dump")),
                        tmp.resolve("item.wl")));
                ctx.db().writeAndWait(tx -> ctx.outbox().enqueue(tx, null,
                        new NewEntry("worklist-export", "CNYMRN0004", "wl", "application/dicom", wl, null)));
                waitFor(() -> research.received().size() == 1 && files(out.resolve("sh")) == 1 && files(out.resolve("fhir")) == 1
                        && files(out.resolve("wl")) == 1 && files(out.resolve("rfhir")) == 1
                        && done(ctx, "research-reports", "safe-harbor-files", "fhir-files", "research-fhir", "ai-worklist"),
                        "all five copies delivered");

                // the research partner got the keyed pseudonyms over MLLP; the folders the Safe Harbor and Basic outputs
                String mllp = research.received().get(0);
                Hl7Message m = Hl7Parser.parse(mllp);
                assertTrue(m.get("PID-3.1").matches("P[0-9A-Z]{11}"), mllp);
                assertEquals(Leaks.report(mllp, Leaks.read(Scenarios.dir("deid-canary-oru").resolve("canaries.tsv")))
                        .lines().filter(l -> !l.contains("20260302") && !l.contains("20260214") && !l.contains("20251103")
                                && !l.contains("1931")).toList(), List.of(), "no identifier but (shifted) dates reaches the partner");
                String sh = Files.readString(single(out.resolve("sh")), StandardCharsets.UTF_8);
                assertEquals("", Leaks.report(sh, Leaks.read(Scenarios.dir("deid-canary-oru").resolve("canaries.tsv"))));
                assertTrue(single(out.resolve("sh")).getFileName().toString().endsWith(".hl7"));
                String fhir = Files.readString(single(out.resolve("fhir")));
                assertEquals(List.of(), Leaks.report(fhir, Leaks.read(Scenarios.dir("deid-canary-oru").resolve("canaries.tsv")))
                        .lines().filter(l -> !l.contains("1931")).toList(), "the FHIR bundle of the report flow, de-identified:\n" + fhir);
                assertTrue(fhir.contains("\"resourceType\":\"DiagnosticReport\"") && fhir.contains("ANONYED"), fhir);
                // pseudonymized-research gives the report's patient, accession and study the same identity in HL7 v2 and FHIR
                org.hl7.fhir.r4.model.Bundle rb = (org.hl7.fhir.r4.model.Bundle) FhirDeidentifier.context().newJsonParser()
                        .parseResource(Files.readString(single(out.resolve("rfhir"))));
                List<String> values = new java.util.ArrayList<>();
                for (var e : rb.getEntry()) {
                    if (e.getResource() instanceof org.hl7.fhir.r4.model.Patient p) {
                        p.getIdentifier().forEach(i -> values.add(i.getValue()));
                    }
                    if (e.getResource() instanceof org.hl7.fhir.r4.model.ImagingStudy is) {
                        is.getIdentifier().forEach(i -> values.add(i.getValue()));
                    }
                }
                assertTrue(values.contains(m.get("PID-3.1")), values + " / " + m.get("PID-3.1"));
                assertTrue(values.contains("urn:oid:" + m.get("ZDS-1.1")), values + " / " + m.get("ZDS-1.1"));
                Path wlOut = single(out.resolve("wl"));
                assertTrue(wlOut.getFileName().toString().endsWith(".wl"), wlOut.toString());
                Attributes ds = DicomFile.read(wlOut).dataset();
                assertEquals("1.2.826.0.1.3680043.10.543.99887744", ds.getString(Tag.StudyInstanceUID), "retain-uids option");
                assertEquals("", ds.getString(Tag.PatientName, ""), "Basic Profile: Patient's Name zero length");

                // the copies were made in the transaction of the flows' enqueues, next to the originals
                List<OutboxEntry> research1 = ctx.outbox().list("research-reports", null, null, 10);
                assertEquals(1, research1.size());
                assertEquals("DONE", research1.get(0).state());
                OutboxEntry emr = ctx.outbox().list("emr", null, null, 10).get(0);
                assertEquals(emr.messageId(), research1.get(0).messageId(), "the copy belongs to the same journal entry");
                assertEquals(emr.orderingKey(), research1.get(0).orderingKey());
                assertTrue(engine.app().engine().beans().get("deidExport") instanceof DeidExport x && x.deliveriesViaRoute() >= 4,
                        "deliveries ran through route deid-export");

                // one audit record per de-identification: profile, legal basis, key id, counts; no identifier
                JsonNode audit = JSON.readTree(engine.get("/api/audit?type=DEIDENTIFICATION").body());
                JsonNode events = audit.isArray() ? audit : audit.path("events");
                assertEquals(5, events.size(), audit.toPrettyString());
                String all = events.toString();
                for (JsonNode ev : events) {
                    JsonNode d = JSON.readTree(ev.path("detail").asText());
                    assertTrue(d.hasNonNull("profile") && d.hasNonNull("legalBasis") && d.hasNonNull("keyId") && d.path("counts").size() > 0, d.toString());
                }
                assertTrue(all.contains("EXPERT_DETERMINATION") && all.contains("SAFE_HARBOR") && all.contains("DICOM_BASIC_PROFILE"), all);
                assertTrue(all.contains("hmac-sha256:") && all.contains("surrogate-table"), all);
                for (String id : new String[] {"CNYMRN0002", "CNYFAMILYB", "CNYACC18", "CNYMRN0003", "CNYFAMILYC", "CNYMRN0004", "19310822"}) {
                    assertFalse(all.contains(id), "the audit records never hold a removed value: " + id);
                }
            }
        }
    }

    @Test
    void aPayloadThatCannotBeDeidentifiedIsDeadLettered(@TempDir Path tmp) throws Exception {
        Path ov = overlay(tmp.resolve("overlay"), """
                targets:
                  - name: sh-files
                    source: emr
                    profile: hipaa-safe-harbor
                    to: folder:%s
                """.formatted(tmp.resolve("out")));
        try (TestEngine engine = TestEngine.start(Map.of("radbridge.mappings.overlay-dir", ov.toString()))) {
            EngineContext ctx = engine.app().engine().context();
            ctx.db().writeAndWait(tx -> ctx.outbox().enqueue(tx, null, new NewEntry("emr", "K1", "pdf", "application/pdf",
                    "%PDF-1.4 not a message".getBytes(StandardCharsets.US_ASCII), null)));
            waitFor(() -> ctx.outbox().list("sh-files", "DEAD", null, 10).size() == 1, "dead letter");
            OutboxEntry dead = ctx.outbox().list("sh-files", "DEAD", null, 10).get(0);
            assertTrue(dead.lastError().contains("not de-identified"), dead.lastError());
            assertEquals(0, files(tmp.resolve("out")));
        }
    }

    @Test
    void aKeyedTargetWithoutTheKeyStopsStartUp(@TempDir Path tmp) throws Exception {
        Path ov = overlay(tmp.resolve("overlay"), """
                targets:
                  - name: research
                    source: emr
                    profile: pseudonymized-research
                """);
        ConfigException e = assertThrows(ConfigException.class,
                () -> TestEngine.start(Map.of("radbridge.mappings.overlay-dir", ov.toString(), "radbridge.deid.key", "")).close());
        assertEquals("radbridge.deid.key", e.property());
        ConfigException shortKey = assertThrows(ConfigException.class,
                () -> TestEngine.start(Map.of("radbridge.mappings.overlay-dir", ov.toString(), "radbridge.deid.key", "too-short")).close());
        assertEquals("radbridge.deid.key", shortKey.property());
    }

    static void waitFor(BooleanSupplier cond, String what) throws InterruptedException {
        org.radbridge.testing.Waits.until(what, java.time.Duration.ofSeconds(30), cond::getAsBoolean);
    }

    static boolean done(EngineContext ctx, String... destinations) {
        for (String d : destinations) {
            if (ctx.outbox().list(d, "DONE", null, 10).size() != 1) {
                return false;
            }
        }
        return true;
    }

    static long files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).count();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    static Path single(Path dir) throws java.io.IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).findFirst().orElseThrow();
        }
    }
}
