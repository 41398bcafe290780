package org.radbridge.worklist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.TransferSyntax;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.VR;
import org.radbridge.dicom.io.DicomFile;
import org.radbridge.dicom.testing.Dcmtk;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.TestEngine;

/**
 * Names that are not Latin-1 through the engine's MWL SCP, asked by DCMTK findscu (issue 11 items 12 and 15):
 * a calling AE without a configured response-charset gets the request's Specific Character Set when it holds
 * the names, else ISO_IR 192 (PS3.4 C.4.1.1.3.2), never "??" or a transliteration; a case-insensitive wild
 * card "Stra?e^*" finds "Straße" (ß counts as one character).
 */
@Timeout(300)
class MwlNamesInteropTest {

    static TestEngine engine;
    static final LocalDateTime START = LocalDate.now().atTime(9, 0);
    /** Not in mappings/peers/dicom-aes.yaml: the defaults apply (no response-charset). */
    static final String MODALITY = "MODX";

    @TempDir
    Path dir;

    static OrderMessages.Spec spec(String acc, String pid, String name) {
        return new OrderMessages.Spec(pid, name, "19700101", "F", acc, "1.2.826.0.1.3680043.10.543.79." + acc.substring(1),
                "S" + acc, "CT", "CT01", "CT01ROOM", "RAD-CT", START, "PCT", "CT protocol", "T1&TECH&ANNA");
    }

    @BeforeAll
    static void start() throws Exception {
        Dcmtk.assumeAvailable("findscu", "dcmdump");
        engine = TestEngine.start();
        List<OrderMessages.Spec> specs = List.of(spec("N1", "PJP", "山田^太郎"), spec("N2", "PPL", "Łukasz^Żółć"),
                spec("N3", "PDE", "Straße^Günther"), spec("N4", "PAS", "DOE^JOHN"));
        int n = 0;
        for (OrderMessages.Spec s : specs) {
            String ack = engine.send(OrderMessages.omi("NAMES-" + (++n), s, "NW", "SC"));
            assertEquals("AA", Hl7Text.field(ack, "MSA", 1), ack);
        }
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    /** findscu -W with a query file written by RadBridge's own writer (so the request's bytes are exact). */
    List<Path> find(String callingAe, String requestCharset, int matchingTag, String value) throws Exception {
        Attributes keys = new Attributes();
        if (requestCharset != null) {
            keys.setString(Tag.SpecificCharacterSet, VR.CS, requestCharset);
        }
        keys.setNull(Tag.PatientName, VR.PN);
        keys.setNull(Tag.PatientID, VR.LO);
        keys.setNull(Tag.AccessionNumber, VR.SH);
        keys.setString(matchingTag, matchingTag == Tag.PatientName ? VR.PN : VR.LO, value);
        Attributes sps = keys.newSequence(Tag.ScheduledProcedureStepSequence).addItem();
        sps.setNull(Tag.ScheduledStationAETitle, VR.AE);
        sps.setNull(Tag.Modality, VR.CS);
        sps.setNull(Tag.ScheduledPerformingPhysicianName, VR.PN);
        Path work = Files.createTempDirectory(dir, "q");
        Path query = work.resolve("query.dcm");
        DicomFile.of(keys, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, UID.ModalityWorklistInformationModelFind).write(query);
        Dcmtk.run(work, "findscu", "-v", "-W", "-X", "-aet", callingAe, "-aec", "RADBRIDGE", "127.0.0.1",
                Integer.toString(engine.dicomPort()), query.toString()).assertOk("findscu");
        return Dcmtk.responseFiles(work);
    }

    static Attributes only(List<Path> rsp) throws Exception {
        assertEquals(1, rsp.size(), "one match");
        return DicomFile.read(rsp.get(0)).dataset();
    }

    /** What DCMTK itself reads from a response (dcmdump +U8 converts to UTF-8 using the response's (0008,0005)). */
    static String dcmtkView(Path rsp) throws Exception {
        return Dcmtk.dcmdump(rsp, "+U8").assertOk("dcmdump").stdout();
    }

    @Test
    void utf8RequestGetsNamesIntactInIsoIr192() throws Exception {
        for (String[] c : new String[][] {{"PJP", "山田^太郎"}, {"PPL", "Łukasz^Żółć"}}) {
            List<Path> rsp = find(MODALITY, "ISO_IR 192", Tag.PatientID, c[0]);
            Attributes a = only(rsp);
            assertEquals("ISO_IR 192", a.getString(Tag.SpecificCharacterSet));
            assertEquals(c[1], a.getString(Tag.PatientName));
            assertTrue(dcmtkView(rsp.get(0)).contains("[" + c[1] + "]"), "DCMTK reads " + c[1]);
        }
    }

    @Test
    void requestWithoutCharacterSetGetsIsoIr192ForNonAsciiNamesAndNothingForAscii() throws Exception {
        for (String[] c : new String[][] {{"PJP", "山田^太郎"}, {"PPL", "Łukasz^Żółć"}, {"PDE", "Straße^Günther"}}) {
            List<Path> rsp = find(MODALITY, null, Tag.PatientID, c[0]);
            Attributes a = only(rsp);
            assertEquals("ISO_IR 192", a.getString(Tag.SpecificCharacterSet), c[0]);
            assertEquals(c[1], a.getString(Tag.PatientName));
            assertTrue(dcmtkView(rsp.get(0)).contains("[" + c[1] + "]"), "DCMTK reads " + c[1]);
        }
        Attributes ascii = only(find(MODALITY, null, Tag.PatientID, "PAS"));
        assertNull(ascii.getString(Tag.SpecificCharacterSet), "an ASCII answer to a default-repertoire request names no set");
        assertEquals("DOE^JOHN", ascii.getString(Tag.PatientName));
    }

    @Test
    void latin1RequestKeepsLatin1WhenItHoldsTheNameElseIsoIr192() throws Exception {
        Attributes de = only(find(MODALITY, "ISO_IR 100", Tag.PatientID, "PDE"));
        assertEquals("ISO_IR 100", de.getString(Tag.SpecificCharacterSet));
        assertEquals("Straße^Günther", de.getString(Tag.PatientName));
        Attributes pl = only(find(MODALITY, "ISO_IR 100", Tag.PatientID, "PPL"));
        assertEquals("ISO_IR 192", pl.getString(Tag.SpecificCharacterSet), "Latin-1 cannot hold Ł, Ż, ć");
        assertEquals("Łukasz^Żółć", pl.getString(Tag.PatientName));
    }

    @Test
    void explicitPerAeLatin1StaysAnOperatorChoice() throws Exception {
        // MR01 is configured with response-charset ISO_IR 100 in dicom-aes.yaml: lossy by choice
        Attributes pl = only(find("MR01", "ISO_IR 192", Tag.PatientID, "PPL"));
        assertEquals("ISO_IR 100", pl.getString(Tag.SpecificCharacterSet));
        assertEquals("Lukasz^Zólc", pl.getString(Tag.PatientName));
    }

    @Test
    void personNameWildcardFoldsOneCodePointAtATime() throws Exception {
        assertEquals(Set.of("N3"), accessions(find(MODALITY, "ISO_IR 192", Tag.PatientName, "Stra?e^*")));
        assertEquals(Set.of("N3"), accessions(find(MODALITY, "ISO_IR 192", Tag.PatientName, "straße^g?nther")));
        assertEquals(Set.of("N3"), accessions(find(MODALITY, "ISO_IR 100", Tag.PatientName, "STRASSE^*\\Stra?e^*")));
        assertEquals(Set.of("N1"), accessions(find(MODALITY, "ISO_IR 192", Tag.PatientName, "山?^*")));
        assertEquals(Set.of(), accessions(find(MODALITY, "ISO_IR 192", Tag.PatientName, "Stra??e^*")), "ß is one character");
    }

    /** Orthanc 1.10 with DefaultEncoding Utf8 as the worklist SCU (POST /modalities/target/find-worklist). */
    @Test
    void orthancSetToUtf8SeesTheNamesIntact() throws Exception {
        org.radbridge.dicom.testing.OrthancPeer.assumeAvailable();
        try (org.radbridge.dicom.testing.OrthancPeer orthanc = org.radbridge.dicom.testing.OrthancPeer.worklistScu("RADBRIDGE",
                engine.dicomPort(), "Utf8")) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            for (String[] c : new String[][] {{"PJP", "山田^太郎"}, {"PPL", "Łukasz^Żółć"}}) {
                java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(orthanc.url() + "/modalities/target/find-worklist"))
                        .timeout(java.time.Duration.ofSeconds(60))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"PatientID\": \"" + c[0] + "\", \"PatientName\": \"\"}",
                                java.nio.charset.StandardCharsets.UTF_8)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString(java.nio.charset.StandardCharsets.UTF_8));
                assertEquals(200, r.statusCode(), r.body() + "\n" + orthanc.log());
                com.fasterxml.jackson.databind.JsonNode answers = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
                assertEquals(1, answers.size(), r.body());
                assertEquals(c[1], answers.get(0).path("PatientName").asText(), "Orthanc shows " + c[1] + ": " + r.body());
            }
        }
    }

    static Set<String> accessions(List<Path> rsp) throws Exception {
        Set<String> s = new TreeSet<>();
        for (Path p : rsp) {
            s.add(DicomFile.read(p).dataset().getString(Tag.AccessionNumber));
        }
        return s;
    }
}
