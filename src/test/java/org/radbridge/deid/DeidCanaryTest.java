package org.radbridge.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.deid.text.KnownIdentifiers;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Sequence;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.io.DicomFile;
import org.radbridge.dicom.testing.Dcmtk;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.hl7.Segment;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.Scenarios;

/**
 * The canary test of issue 7: fixtures whose identifier-bearing and free-text fields carry unique
 * canaries (test-messages/deid-canary-*, listed against Safe Harbor items A-R in canaries.tsv); after
 * hipaa-safe-harbor the raw output holds none of them in any form (plain, HL7-escaped, any case, dates
 * as YYYYMMDD / YYYY-MM-DD / MM/DD/YYYY, phone groupings, name parts). The same for the identifiers of
 * the 72 messages of the shared corpus.
 */
class DeidCanaryTest {

    static final String PROFILE = "hipaa-safe-harbor";
    static DeidTesting deid;

    @BeforeAll
    static void start() throws Exception {
        deid = DeidTesting.start();
    }

    @AfterAll
    static void stop() {
        deid.close();
    }

    static void assertNoLeak(String fixture, String output) throws Exception {
        List<Leaks.Canary> canaries = Leaks.read(Scenarios.dir(fixture).resolve("canaries.tsv"));
        assertTrue(canaries.size() >= 30, "a fixture with few canaries proves little");
        String leaks = Leaks.report(output, canaries);
        assertEquals("", leaks, fixture + ": identifiers left after " + PROFILE + ":\n" + leaks + "\noutput:\n" + output);
    }

    @Test
    void adtCanariesDoNotSurvive() throws Exception {
        String out = deid.hl7(PROFILE, Files.readString(Scenarios.dir("deid-canary-adt").resolve("message.hl7")));
        assertNoLeak("deid-canary-adt", out);
        Hl7Message m = Hl7Parser.parse(out);
        assertTrue(m.has("PID") && m.has("OBX") && m.has("NTE"), "the message keeps its structure:\n" + out);
        for (String dropped : new String[] {"NK1", "GT1", "IN1", "PD1", "ZPI"}) {
            assertTrue(!m.has(dropped), dropped + " is not named by the profile: dropped");
        }
    }

    @Test
    void oruCanariesDoNotSurviveAndTheStudyUidIsRemappedConsistently() throws Exception {
        String out = deid.hl7(PROFILE, Files.readString(Scenarios.dir("deid-canary-oru").resolve("message.hl7")));
        assertNoLeak("deid-canary-oru", out);
        Hl7Message m = Hl7Parser.parse(out);
        String zds = m.get("ZDS-1.1");
        assertTrue(zds.startsWith("2.25."), zds);
        assertEquals(zds, m.segments("OBX").get(2).value(5), "OBX-5 (DICOM Study) carries the same new UID as ZDS-1");
        assertEquals("000", m.get("PID-11.5"), "ZIP3 059 is restricted");
        assertEquals("", m.get("PID-7"), "no birth year for a patient aged 95");
    }

    @Test
    void fhirCanariesDoNotSurvive() throws Exception {
        String out = deid.fhir(PROFILE, Files.readString(Scenarios.dir("deid-canary-fhir").resolve("bundle.json")));
        assertNoLeak("deid-canary-fhir", out);
        assertTrue(out.contains("\"resourceType\":\"DiagnosticReport\"") && out.contains("No embolism"), out);
    }

    /** The FHIR bundles the engine's own flows make of the canary messages (fhir-message.json, FhirGoldenTest). */
    @Test
    void bundlesOfTheFhirFlowsDoNotLeakTheCanaries() throws Exception {
        for (String fixture : new String[] {"deid-canary-adt", "deid-canary-oru"}) {
            Path bundle = Scenarios.dir(fixture).resolve("expected/fhir-message.json");
            String in = Files.readString(bundle);
            assertTrue(!Leaks.report(in, Leaks.read(Scenarios.dir(fixture).resolve("canaries.tsv"))).isEmpty(), "the flow's bundle has canaries");
            assertNoLeak(fixture, deid.fhir(PROFILE, in));
        }
    }

    @Test
    void dicomCanariesDoNotSurvive(@TempDir Path dir) throws Exception {
        Dcmtk.assumeAvailable("dump2dcm", "dcmdump");
        Path in = Dcmtk.dump2dcm(Files.readString(Scenarios.dir("deid-canary-dicom").resolve("dataset.dump")), dir.resolve("in.dcm"));
        Deidentifier.Result r = deid.run(PROFILE, Files.readAllBytes(in));
        Path out = dir.resolve("out.dcm");
        Files.write(out, r.payload());
        String dump = Dcmtk.dcmdump(out).assertOk("dcmdump of the de-identified file").stdout();
        String raw = new String(r.payload(), StandardCharsets.UTF_8);
        assertNoLeak("deid-canary-dicom", dump + "\n" + raw);
        Attributes ds = DicomFile.read(out).dataset();
        assertEquals("YES", ds.getString(Tag.PatientIdentityRemoved));
        assertTrue(ds.getString(Tag.DeidentificationMethod).startsWith("RadBridge hipaa-safe-harbor v1"), dump);
        Sequence codes = ds.getSequence(Tag.DeidentificationMethodCodeSequence);
        List<String> values = new ArrayList<>();
        codes.forEach(i -> values.add(i.getString(Tag.CodeValue)));
        assertEquals(List.of("113100", "113108", "113105"), values, "Basic Profile, retain patient characteristics, clean descriptors");
        assertEquals("MODIFIED", ds.getString(Tag.LongitudinalTemporalInformationModified));
        assertEquals("090Y", ds.getString(Tag.PatientAge));
        assertEquals("20260101", ds.getString(Tag.StudyDate), "DA keeps the year only (January 1)");
    }

    /** The identifiers of the shared corpus: PID, NK1, PV1, ORC, OBR, IPC, ZDS, MRG, GT1, IN1, TXA ids, names, dates. */
    @Test
    void corpusIdentifiersDoNotSurvive() throws Exception {
        int processed = 0;
        int checked = 0;
        Map<String, String> refused = new LinkedHashMap<>();
        StringBuilder failures = new StringBuilder();
        for (Path f : ProjectPaths.corpusFiles()) {
            byte[] bytes = Files.readAllBytes(f);
            Deidentifier.Result r;
            try {
                r = deid.run(PROFILE, bytes);
            } catch (DeidException e) {
                refused.put(f.getFileName().toString(), e.getMessage());
                continue;
            }
            processed++;
            String out = new String(r.payload(), Payloads.charsetOf(r.payload()));
            Hl7Message in = Hl7Parser.parse(new String(bytes, Payloads.charsetOf(bytes)));
            for (String[] id : CorpusIdentifiers.of(in)) {
                checked++;
                List<String> found = Leaks.find(out, id[0], id[1]);
                if (!found.isEmpty()) {
                    failures.append(f.getFileName()).append(": ").append(id[2]).append(" ").append(found).append('\n');
                }
            }
        }
        assertEquals("", failures.toString(), "corpus identifiers left after " + PROFILE);
        assertTrue(processed >= 60, "most corpus messages are de-identified: " + processed + "; refused: " + refused);
        assertTrue(checked >= 300, "identifiers checked: " + checked);
        for (String why : refused.values()) {
            assertTrue(why.contains("batches") || why.contains("neither HL7") || why.contains("not an HL7"), why);
        }
    }

    /** Identifier values of a message, with the kind Leaks looks for them by, and where they were. */
    static final class CorpusIdentifiers {
        static final String[][] IDS = {{"MSH", "10"}, {"PID", "2.1"}, {"PID", "3.1"}, {"PID", "4.1"}, {"PID", "18.1"}, {"PID", "19"},
            {"PID", "20.1"}, {"PID", "11.1"}, {"PID", "11.3"}, {"PV1", "19.1"}, {"ORC", "2.1"}, {"ORC", "3.1"}, {"OBR", "2.1"},
            {"OBR", "3.1"}, {"OBR", "18"}, {"OBR", "19"}, {"OBR", "20"}, {"IPC", "1.1"}, {"IPC", "2.1"}, {"IPC", "3.1"},
            {"IPC", "4.1"}, {"ZDS", "1.1"}, {"MRG", "1.1"}, {"TXA", "12.1"}, {"NK1", "4.1"}, {"GT1", "2.1"}, {"IN1", "36"}};
        /** Name components: XPN family, given, middle (1-3); XCN family, given, middle (2-4); NDL name (1: family&given&middle as 2-4). */
        static final String[][] NAMES = {{"PID", "5.1"}, {"PID", "5.2"}, {"PID", "5.3"}, {"PID", "6.1"}, {"PID", "6.2"},
            {"PID", "9.1"}, {"PID", "9.2"}, {"NK1", "2.1"}, {"NK1", "2.2"}, {"GT1", "3.1"}, {"GT1", "3.2"}, {"IN1", "16.1"},
            {"IN1", "16.2"}, {"MRG", "7.1"}, {"MRG", "7.2"}, {"PV1", "7.2"}, {"PV1", "7.3"}, {"PV1", "8.2"}, {"PV1", "8.3"},
            {"PV1", "9.2"}, {"PV1", "9.3"}, {"PV1", "17.2"}, {"PV1", "17.3"}, {"ORC", "12.2"}, {"ORC", "12.3"}, {"OBR", "16.2"},
            {"OBR", "16.3"}, {"OBR", "32.1"}};
        static final String[][] DATES = {{"PID", "7"}, {"PID", "29"}, {"PV1", "44"}, {"PV1", "45"}, {"OBR", "7"}, {"MSH", "7"}};

        static List<String[]> of(Hl7Message m) {
            List<String[]> out = new ArrayList<>();
            for (Segment s : m.segments()) {
                for (String[] p : IDS) {
                    if (s.is(p[0])) {
                        for (String v : values(s, p[1])) {
                            if (v.length() >= 4) {
                                out.add(new String[] {v, "text", p[0] + "-" + p[1] + " " + v});
                            }
                        }
                    }
                }
                for (String[] p : NAMES) {
                    if (s.is(p[0])) {
                        for (String v : values(s, p[1])) {
                            for (String part : v.split("[^\\p{L}]+")) {
                                if (part.length() >= 3 && !KnownIdentifiers.NOT_NAMES.contains(part.toLowerCase())) {
                                    out.add(new String[] {part, "word", p[0] + "-" + p[1] + " name part " + part});
                                }
                            }
                        }
                    }
                }
                for (String[] p : DATES) {
                    if (s.is(p[0])) {
                        for (String v : values(s, p[1])) {
                            Dates.Parts d = Dates.parse(v);
                            if (d != null && d.day() > 0 && !d.dashed()) {
                                out.add(new String[] {v.substring(0, 8), "date", p[0] + "-" + p[1] + " " + v});
                            }
                        }
                    }
                }
            }
            return out;
        }

        /** Decoded values at a position in every repetition; a whole composite field as its components. */
        static List<String> values(Segment s, String pos) {
            String[] p = pos.split("\\.");
            int field = Integer.parseInt(p[0]);
            int comp = p.length > 1 ? Integer.parseInt(p[1]) : 0;
            List<String> out = new ArrayList<>();
            int reps = s.repetitions(field).size();
            for (int r = 1; r <= reps; r++) {
                String v = comp > 0 ? s.value(field, r, comp, 0) : String.join(" ", componentsOf(s, field, r));
                if (!v.isBlank()) {
                    out.add(v.strip());
                }
            }
            return out;
        }

        private static List<String> componentsOf(Segment s, int field, int rep) {
            List<String> c = new ArrayList<>();
            for (int k = 1; k <= 20; k++) {
                c.add(s.value(field, rep, k, 0));
            }
            return c;
        }
    }
}
