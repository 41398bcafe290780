package org.radbridge.worklist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Dictionary;
import org.radbridge.dicom.Sequence;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.VR;
import org.radbridge.dicom.net.AAssociateRQ;
import org.radbridge.dicom.net.Association;
import org.radbridge.dicom.net.DicomClient;
import org.radbridge.dicom.net.FindResponses;
import org.radbridge.dicom.net.Status;
import org.radbridge.dicom.testing.Dcmtk;
import org.radbridge.dicom.testing.OrthancPeer;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.TestEngine;

/**
 * Differential test of the MWL C-FIND SCP: the same orders go to two engines, one exporting .wl files in the
 * {@code dcmtk} layout (served by DCMTK wlmscpfs 3.6.7), one in the {@code flat} layout (served by Orthanc
 * 1.10.1's worklist plugin); every query is asked of RadBridge's SCP, wlmscpfs and Orthanc, and the answers
 * must have the same items with the same attribute values. Exceptions (keys a peer does not support as
 * matching keys, or attributes it does not return) are listed in {@link #EXCEPTIONS}.
 */
@Timeout(600)
class MwlDifferentialTest {

    static TestEngine dcmtkEngine;
    static TestEngine flatEngine;
    static Path exportDir;
    static Path flatDir;
    static Dcmtk.Peer wlmscpfs;
    static OrthancPeer orthanc;
    static final List<String> REPORT = new ArrayList<>();

    /** Queries a peer answers differently on purpose (peer -> query names), with the reason. */
    static final Map<String, Map<String, String>> EXCEPTIONS = Map.of(
            "wlmscpfs", Map.of(
                    "study-uid-list", "Study Instance UID is a return key only in wlmscpfs (wlds.cc IsSupportedMatchingKeyAttribute)",
                    "sps-status", "SPS Status is a return key only in wlmscpfs",
                    "station-name", "Scheduled Station Name is a return key only in wlmscpfs",
                    "sps-location", "SPS Location is a return key only in wlmscpfs",
                    "name-lower-case", "wlmscpfs matches person names case-sensitively (RadBridge: radbridge.worklist.pn-case-insensitive=true)"),
            "orthanc", Map.of(
                    "combined-date-time-range", "Orthanc 1.10.1 matches SPS Start Date and SPS Start Time as two separate ranges, "
                            + "not as one combined date-time range (PS3.4 C.2.2.2.5)"));

    /**
     * Peers that leave out a requested return key the .wl file does not contain, where the standard (PS3.4 C.4.1.1.3.2,
     * K.2.2) and RadBridge return it with zero length: only such attributes may be missing from their answers.
     */
    static final Set<String> OMIT_EMPTY_RETURN_KEYS = Set.of("orthanc");

    static OrderMessages.Spec spec(String acc, String pid, String name, String birth, String sex, String modality, String station,
            LocalDateTime start, String performing) {
        return new OrderMessages.Spec(pid, name, birth, sex, acc, "1.2.826.0.1.3680043.10.543.99." + acc.substring(1),
                "S" + acc, modality, station, station + "ROOM", "RAD-" + modality, start, "P" + modality, modality + " protocol",
                performing);
    }

    static final LocalDateTime D1 = LocalDateTime.of(2026, 12, 1, 0, 0);

    static List<String[]> orders() {
        List<String[]> out = new ArrayList<>();
        Object[][] rows = {
            {spec("A1", "P1", "SMITH^JOHN", "19700101", "M", "CT", "CT01", D1.withHour(8), "T1&TECH&ANNA"), "R"},
            {spec("A2", "P2", "SMITHSON^ANNA", "19801231", "F", "CT", "CT01", D1.withHour(10).withMinute(30), "T2&TECHNO&TOM"), "S"},
            {spec("A3", "P3", "JONES^BOB", "19550505", "M", "CT", "CT01", D1.plusDays(1).withHour(9), "T1&TECH&ANNA"), "R"},
            {spec("A4", "P4", "SMYTHE^CAROL", "19900101", "F", "CT", "CT02", D1.withHour(11), "T3&OTHER&OLGA"), "A"},
            {spec("A5", "P5", "MÜLLER^JÜRGEN", "19450101", "M", "MR", "MR01", D1.withHour(9), "T4&MAGNET&MAX"), "R"},
            {spec("A6", "P6", "DOE^JANE", "19750615", "F", "MR", "MR01", D1.plusDays(1).withHour(14), "T4&MAGNET&MAX"), "T"},
            {spec("A7", "P7", "SOUND^SUE", "20000229", "F", "US", "US01", D1.withHour(14), "T5&ECHO&EMMA"), "R"},
            {spec("A8", "P8", "EARLY^ED", "19660606", "M", "CT", "CT01", D1.minusDays(1).withHour(9), "T1&TECH&ANNA"), "R"},
            {spec("A9", "P9", "LATE^LARA", "19770707", "F", "CT", "CT02", D1.plusDays(2).withHour(17), "T3&OTHER&OLGA"), "S"},
            {spec("A10", "P10", "O'BRIEN^PAT", "19880808", "M", "US", "US01", D1.withHour(9).withMinute(15), "T5&ECHO&EMMA"), "R"},
            {spec("A11", "P11", "GONE^GARY", "19500101", "M", "CT", "CT01", D1.withHour(12), "T1&TECH&ANNA"), "R"},
            {spec("A12", "P12", "NIGHT^NINA", "19990909", "F", "MR", "MR02", D1.withHour(23).withMinute(45), "T4&MAGNET&MAX"), "R"},
        };
        int n = 0;
        for (Object[] r : rows) {
            OrderMessages.Spec s = (OrderMessages.Spec) r[0];
            out.add(new String[] {OrderMessages.omi("DIFF-" + (++n), s, "NW", "SC", (String) r[1])});
        }
        // A11 is cancelled: hidden by RadBridge, its .wl file removed
        out.add(new String[] {OrderMessages.omi("DIFF-CA", (OrderMessages.Spec) rows[10][0], "CA", "CA")});
        return out;
    }

    @BeforeAll
    static void start() throws Exception {
        Dcmtk.assumeAvailable("wlmscpfs");
        OrthancPeer.assumeAvailable();
        exportDir = Files.createTempDirectory("mwl-export");
        flatDir = Files.createTempDirectory("mwl-flat");
        dcmtkEngine = TestEngine.start(Map.of("radbridge.worklist.export-dir", exportDir.toString(),
                "radbridge.worklist.export-layout", "dcmtk", "radbridge.worklist.export-ae", "WLM", "radbridge.outbox.poll-ms", "50"));
        flatEngine = TestEngine.start(Map.of("radbridge.worklist.export-dir", flatDir.toString(),
                "radbridge.worklist.export-layout", "flat", "radbridge.outbox.poll-ms", "50"));
        for (String[] m : orders()) {
            for (TestEngine e : List.of(dcmtkEngine, flatEngine)) {
                String ack = e.send(m[0]);
                assertEquals("AA", Hl7Text.field(ack, "MSA", 1), ack);
            }
        }
        awaitFiles(exportDir.resolve("WLM"), 11);
        awaitFiles(flatDir, 11);
        assertTrue(Files.exists(exportDir.resolve("WLM").resolve("lockfile")), "dcmtk layout has the lockfile");
        wlmscpfs = Dcmtk.startWlmscpfs(exportDir, Dcmtk.freePort(), "-s", "-dhl", "-csk");
        orthanc = OrthancPeer.start(flatDir);
    }

    static void awaitFiles(Path dir, int n) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (count(dir) != n) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(dir + " has " + count(dir) + " .wl files, expected " + n);
            }
            Thread.sleep(50);
        }
    }

    static long count(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".wl")).count();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        REPORT.forEach(System.out::println);
        if (wlmscpfs != null) {
            wlmscpfs.close();
        }
        if (orthanc != null) {
            orthanc.close();
        }
        for (TestEngine e : new TestEngine[] {dcmtkEngine, flatEngine}) {
            if (e != null) {
                e.close();
            }
        }
        TestEngine.deleteTree(exportDir);
        TestEngine.deleteTree(flatDir);
    }

    // ------------------------------------------------------------------ queries

    /** A query: matching keys as "Keyword=value" or "ScheduledProcedureStepSequence>Keyword=value". */
    record Query(String name, String... keys) {
    }

    static final List<Query> QUERIES = List.of(
            new Query("universal"),
            new Query("station", "ScheduledProcedureStepSequence>ScheduledStationAETitle=CT01"),
            new Query("modality", "ScheduledProcedureStepSequence>Modality=MR"),
            new Query("typical-modality-query", "ScheduledProcedureStepSequence>ScheduledStationAETitle=CT01",
                    "ScheduledProcedureStepSequence>Modality=CT", "ScheduledProcedureStepSequence>ScheduledProcedureStepStartDate=20261201"),
            new Query("date", "ScheduledProcedureStepSequence>ScheduledProcedureStepStartDate=20261201"),
            new Query("date-range", "ScheduledProcedureStepSequence>ScheduledProcedureStepStartDate=20261201-20261202"),
            new Query("date-open-end", "ScheduledProcedureStepSequence>ScheduledProcedureStepStartDate=20261202-"),
            new Query("date-open-start", "ScheduledProcedureStepSequence>ScheduledProcedureStepStartDate=-20261201"),
            new Query("date-and-time-range", "ScheduledProcedureStepSequence>ScheduledProcedureStepStartDate=20261201",
                    "ScheduledProcedureStepSequence>ScheduledProcedureStepStartTime=0800-1000"),
            new Query("combined-date-time-range", "ScheduledProcedureStepSequence>ScheduledProcedureStepStartDate=20261201-20261202",
                    "ScheduledProcedureStepSequence>ScheduledProcedureStepStartTime=0900-0930"),
            new Query("time-range", "ScheduledProcedureStepSequence>ScheduledProcedureStepStartTime=1000-1200"),
            new Query("name-prefix", "PatientName=SMITH*"),
            new Query("name-infix", "PatientName=*SON^*"),
            new Query("name-question-mark", "PatientName=SM?TH^JOHN"),
            new Query("name-exact", "PatientName=DOE^JANE"),
            new Query("name-lower-case", "PatientName=smith*"),
            new Query("name-non-ascii", "PatientName=MÜLLER*"),
            new Query("patient-id", "PatientID=P5"),
            new Query("accession", "AccessionNumber=A7"),
            new Query("requested-procedure-id", "RequestedProcedureID=RPA3"),
            new Query("referring-physician", "ReferringPhysicianName=REFER*"),
            new Query("performing-physician", "ScheduledProcedureStepSequence>ScheduledPerformingPhysicianName=MAGNET*"),
            new Query("sex", "PatientSex=F"),
            new Query("birth-date-range", "PatientBirthDate=19700101-19801231"),
            new Query("priority", "RequestedProcedurePriority=STAT"),
            new Query("no-match", "ScheduledProcedureStepSequence>Modality=CT",
                    "ScheduledProcedureStepSequence>ScheduledProcedureStepStartDate=20261210"),
            new Query("study-uid-list", "StudyInstanceUID=1.2.826.0.1.3680043.10.543.99.1\\1.2.826.0.1.3680043.10.543.99.6"),
            new Query("sps-status", "ScheduledProcedureStepSequence>ScheduledProcedureStepStatus=SCHEDULED"),
            new Query("station-name", "ScheduledProcedureStepSequence>ScheduledStationName=CT02ROOM"),
            new Query("sps-location", "ScheduledProcedureStepSequence>ScheduledProcedureStepLocation=RAD-US"));

    /** Return keys asked in every query (besides the matching keys). */
    static final int[] ROOT_RETURN = {Tag.PatientName, Tag.PatientID, Tag.IssuerOfPatientID, Tag.PatientBirthDate, Tag.PatientSex,
        Tag.AccessionNumber, Tag.StudyInstanceUID, Tag.RequestedProcedureID, Tag.RequestedProcedureDescription,
        Tag.RequestedProcedurePriority, Tag.ReferringPhysicianName, Tag.RequestingPhysician, Tag.AdmissionID,
        Tag.PatientAddress, Tag.CurrentPatientLocation};
    static final int[] SPS_RETURN = {Tag.ScheduledStationAETitle, Tag.ScheduledProcedureStepStartDate,
        Tag.ScheduledProcedureStepStartTime, Tag.Modality, Tag.ScheduledPerformingPhysicianName,
        Tag.ScheduledProcedureStepDescription, Tag.ScheduledProcedureStepID, Tag.ScheduledStationName,
        Tag.ScheduledProcedureStepLocation};

    static Attributes identifier(Query q) {
        Attributes keys = new Attributes();
        keys.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        Attributes sps = keys.newSequence(Tag.ScheduledProcedureStepSequence).addItem();
        for (int t : ROOT_RETURN) {
            keys.setNull(t, Dictionary.vrOf(t));
        }
        for (int t : SPS_RETURN) {
            sps.setNull(t, Dictionary.vrOf(t));
        }
        for (String k : q.keys()) {
            int eq = k.indexOf('=');
            String path = k.substring(0, eq);
            Attributes target = path.startsWith("ScheduledProcedureStepSequence>") ? sps : keys;
            String kw = path.substring(path.indexOf('>') + 1);
            int tag = Dictionary.tagOf(kw);
            target.setString(tag, Dictionary.vrOf(tag), k.substring(eq + 1));
        }
        return keys;
    }

    static List<Attributes> find(int port, String called, Attributes keys) throws Exception {
        AAssociateRQ rq = new AAssociateRQ();
        rq.setCallingAE("CT01");
        rq.setCalledAE(called);
        rq.addPresentationContext(UID.ModalityWorklistInformationModelFind, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);
        try (Association as = new DicomClient().connect("127.0.0.1", port, rq)) {
            FindResponses r = as.find(UID.ModalityWorklistInformationModelFind, keys);
            List<Attributes> m = r.matches();
            int status = r.finalResponse().status();
            assertEquals(Status.SUCCESS, status, called + " final status " + Status.toString(status));
            return m;
        }
    }

    /** Item key -> flattened "Keyword=value" map of the requested return keys. */
    static Map<String, Map<String, String>> normalize(List<Attributes> rsp) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (Attributes a : rsp) {
            Map<String, String> v = new TreeMap<>();
            flatten(a, "", v);
            Attributes sps = a.getNestedItem(Tag.ScheduledProcedureStepSequence);
            String key = a.getString(Tag.StudyInstanceUID) + "/" + (sps == null ? "?" : sps.getString(Tag.ScheduledProcedureStepID));
            out.put(key, v);
        }
        return out;
    }

    private static void flatten(Attributes a, String prefix, Map<String, String> into) {
        for (Attributes.Element e : a) {
            if (e.tag() == Tag.SpecificCharacterSet) {
                continue;
            }
            String kw = prefix + Dictionary.keywordOf(e.tag());
            if (e.value() instanceof Sequence s) {
                for (int i = 0; i < s.size(); i++) {
                    flatten(s.get(i), kw + "[" + i + "]>", into);
                }
            } else {
                String v = a.getRawString(e.tag());
                into.put(kw, v == null ? "" : v.strip());
            }
        }
    }

    @Test
    void atLeastTwentyQueriesAnswerTheSameAsWlmscpfs() throws Exception {
        int compared = compareWith("wlmscpfs", wlmscpfs.port(), "WLM", dcmtkEngine);
        assertTrue(compared >= 20, compared + " queries compared with wlmscpfs");
    }

    @Test
    void orthancServesTheFlatExportAndAnswersTheSame() throws Exception {
        int compared = compareWith("orthanc", orthanc.dicomPort(), "ORTHANC", flatEngine);
        assertTrue(compared >= 20, compared + " queries compared with Orthanc");
    }

    int compareWith(String peer, int port, String called, TestEngine engine) throws Exception {
        int compared = 0;
        List<String> failures = new ArrayList<>();
        for (Query q : QUERIES) {
            if (EXCEPTIONS.getOrDefault(peer, Map.of()).containsKey(q.name())) {
                REPORT.add(peer + " " + q.name() + ": not compared: " + EXCEPTIONS.get(peer).get(q.name()));
                continue;
            }
            Map<String, Map<String, String>> ours = normalize(find(engine.dicomPort(), "RADBRIDGE", identifier(q)));
            Map<String, Map<String, String>> theirs = normalize(find(port, called, identifier(q)));
            REPORT.add(peer + " " + q.name() + ": RadBridge " + ours.size() + ", " + peer + " " + theirs.size());
            if (!ours.keySet().equals(theirs.keySet())) {
                failures.add(q.name() + ": items differ: RadBridge " + ours.keySet() + " vs " + peer + " " + theirs.keySet());
                continue;
            }
            for (String item : ours.keySet()) {
                Map<String, String> a = ours.get(item);
                Map<String, String> b = theirs.get(item);
                for (String attr : a.keySet()) {
                    if (!b.containsKey(attr)) {
                        if (!(a.get(attr).isEmpty() && OMIT_EMPTY_RETURN_KEYS.contains(peer))) {
                            failures.add(q.name() + " " + item + ": " + peer + " does not return " + attr);
                        }
                    } else if (!a.get(attr).equals(b.get(attr))) {
                        failures.add(q.name() + " " + item + ": " + attr + " RadBridge '" + a.get(attr) + "' vs " + peer + " '" + b.get(attr) + "'");
                    }
                }
                for (String attr : b.keySet()) {
                    if (!a.containsKey(attr)) {
                        failures.add(q.name() + " " + item + ": RadBridge does not return " + attr);
                    }
                }
            }
            compared++;
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        return compared;
    }
}
