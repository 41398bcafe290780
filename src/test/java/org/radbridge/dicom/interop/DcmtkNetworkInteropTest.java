package org.radbridge.dicom.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.io.DicomFile;
import org.radbridge.dicom.net.AssociationSettings;
import org.radbridge.dicom.net.DicomServer;
import org.radbridge.dicom.net.service.DicomServiceRegistry;
import org.radbridge.dicom.net.service.VerificationScp;
import org.radbridge.dicom.testing.Dcmtk;
import org.radbridge.dicom.testing.Samples;
import org.radbridge.dicom.testing.TestServices;

/** DCMTK's echoscu and findscu against our acceptor (Verification and Modality Worklist C-FIND SCP). */
@Timeout(180)
class DcmtkNetworkInteropTest {

    static final String[] WL_KEYS = {
        "-k", "ScheduledProcedureStepSequence[0].Modality=CT",
        "-k", "ScheduledProcedureStepSequence[0].ScheduledStationAETitle",
        "-k", "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate",
        "-k", "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartTime",
        "-k", "ScheduledProcedureStepSequence[0].ScheduledProcedureStepID",
        "-k", "PatientName", "-k", "PatientID", "-k", "AccessionNumber", "-k", "StudyInstanceUID"};

    @TempDir
    Path dir;
    DicomServer server;
    TestServices.ListWorklistScp worklist;
    TestServices.ListWorklistScp slowWorklist;

    @BeforeEach
    void start() throws Exception {
        Dcmtk.assumeAvailable("echoscu", "findscu");
        List<Attributes> items = new ArrayList<>();
        items.add(Samples.worklistItem("ISO_IR 192", "Müller^Jürgen", "PID1", "ACC1", "CT", "CT01", "20250615", "093000", "SPS1"));
        items.add(Samples.worklistItem(null, "DOE^JOHN", "PID2", "ACC2", "MR", "MR01", "20250616", "100000", "SPS2"));
        items.add(Samples.worklistItem(null, "ROE^JANE", "PID3", "ACC3", "CT", "CT01", "20250701", "110000", "SPS3"));
        worklist = new TestServices.ListWorklistScp(items, 0, null);
        server = new DicomServer(new DicomServer.Config().bindAddress("127.0.0.1").port(0).aeTitles(Set.of("RADBRIDGE"))
                .handler(new DicomServiceRegistry().add(new VerificationScp()).add(worklist))
                .settings(new AssociationSettings().artimTimeout(2000))).start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void echoscuSucceeds() throws Exception {
        Dcmtk.Result r = Dcmtk.echoscu("127.0.0.1", server.port(), "ECHOSCU", "RADBRIDGE").assertOk("echoscu");
        assertTrue(r.all().contains("Received Echo Response (Success)"), r.all());
        // many presentation contexts (one per Verification proposal), many transfer syntaxes, small PDU
        Dcmtk.echoscu("127.0.0.1", server.port(), "ECHOSCU", "RADBRIDGE", "-ppc", "32", "-pts", "20", "-pdu", "4096")
                .assertOk("echoscu with 32 contexts of 20 transfer syntaxes");
    }

    @Test
    void echoscuWithWrongCalledAeIsRejected() throws Exception {
        Dcmtk.Result r = Dcmtk.echoscu("127.0.0.1", server.port(), "ECHOSCU", "NOTME");
        assertTrue(r.exitCode() != 0, r.all());
        assertTrue(r.all().contains("Called AE Title Not Recognized"), r.all());
    }

    @Test
    void findscuWorklistGetsPendingResponses() throws Exception {
        List<String> args = new ArrayList<>(List.of("-W", "-X"));
        args.addAll(List.of(WL_KEYS));
        Dcmtk.Result r = Dcmtk.findscu(dir, "127.0.0.1", server.port(), "CT01", "RADBRIDGE", args.toArray(String[]::new))
                .assertOk("findscu");
        List<Path> rsp = Dcmtk.responseFiles(dir);
        assertEquals(2, rsp.size(), r.all());
        assertEquals(2, count(r.all(), "(Pending)"), r.all());
        Attributes first = DicomFile.read(rsp.get(0)).dataset();
        assertEquals("Müller^Jürgen", first.getString(Tag.PatientName));
        assertEquals("ISO_IR 192", first.getString(Tag.SpecificCharacterSet), "request without (0008,0005), non-ASCII answer: UTF-8");
        assertEquals("SPS1", first.getNestedItem(Tag.ScheduledProcedureStepSequence).getString(Tag.ScheduledProcedureStepID));
        assertEquals("ACC3", DicomFile.read(rsp.get(1)).dataset().getString(Tag.AccessionNumber));
        // DCMTK itself decodes our ISO_IR 192 response to the same name
        assertTrue(Dcmtk.dcmdump(rsp.get(0), "+U8").stdout().contains("[Müller^Jürgen]"));
        // and the query arrived as sent
        Attributes q = worklist.queries.get(0);
        assertEquals("CT", q.getNestedItem(Tag.ScheduledProcedureStepSequence).getString(Tag.Modality));
        assertTrue(q.contains(Tag.PatientName));
    }

    @Test
    void findscuUsingImplicitVrAndSmallPdu() throws Exception {
        List<String> args = new ArrayList<>(List.of("-W", "-X", "-xi", "-pdu", "4096"));
        args.addAll(List.of(WL_KEYS));
        Dcmtk.findscu(dir, "127.0.0.1", server.port(), "CT01", "RADBRIDGE", args.toArray(String[]::new)).assertOk("findscu");
        assertEquals(2, Dcmtk.responseFiles(dir).size());
    }

    @Test
    void findscuCancelStopsOurQuery() throws Exception {
        List<Attributes> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(Samples.worklistItem(null, "PATIENT^" + i, "ID" + i, "A" + i, "CT", "CT01", "20250615", "093000", "S" + i));
        }
        slowWorklist = new TestServices.ListWorklistScp(many, 30, null);
        try (DicomServer slow = new DicomServer(new DicomServer.Config().port(0)
                .handler(new DicomServiceRegistry().add(slowWorklist)).settings(new AssociationSettings())).start()) {
            List<String> args = new ArrayList<>(List.of("-W", "-X", "--cancel", "3"));
            args.addAll(List.of(WL_KEYS));
            Dcmtk.Result r = Dcmtk.findscu(dir, "127.0.0.1", slow.port(), "CT01", "RADBRIDGE", args.toArray(String[]::new))
                    .assertOk("findscu --cancel");
            assertTrue(r.all().contains("Cancel"), r.all());
            assertTrue(slowWorklist.canceled.get(), "our QueryTask saw the C-CANCEL");
            int files = Dcmtk.responseFiles(dir).size();
            assertTrue(files >= 3 && files < 40, files + " responses\n" + r.all());
            for (int i = 0; i < 100 && slowWorklist.returnedCounts.isEmpty(); i++) {
                Thread.sleep(20);
            }
            assertTrue(slowWorklist.returnedCounts.get(0) < 40, "query stopped early: " + slowWorklist.returnedCounts);
        }
    }

    @Test
    void malformedPduIsAbortedAndEchoscuStillWorks() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("\u0016\u0003\u0001garbage, not a PDU".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertArrayEquals(HexFormat.of().parseHex("07000000000400000201"), s.getInputStream().readAllBytes());
        }
        Dcmtk.echoscu("127.0.0.1", server.port(), "ECHOSCU", "RADBRIDGE").assertOk("echoscu after garbage");
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
