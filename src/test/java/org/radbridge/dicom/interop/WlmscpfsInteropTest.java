package org.radbridge.dicom.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.TransferSyntax;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.io.DicomFile;
import org.radbridge.dicom.net.AAssociateRQ;
import org.radbridge.dicom.net.Association;
import org.radbridge.dicom.net.DicomClient;
import org.radbridge.dicom.net.DimseResponse;
import org.radbridge.dicom.net.FindResponses;
import org.radbridge.dicom.net.Status;
import org.radbridge.dicom.testing.Dcmtk;
import org.radbridge.dicom.testing.Samples;

/**
 * Our SCU (echo + find) against DCMTK wlmscpfs serving .wl files that our Part 10 writer made (one made
 * by dump2dcm too), confined to loopback by the bind2lo shim.
 */
@Timeout(180)
class WlmscpfsInteropTest {

    static Path dir;
    static Dcmtk.Peer wlm;

    @BeforeAll
    static void startWlmscpfs() throws Exception {
        Dcmtk.assumeAvailable("wlmscpfs", "dump2dcm");
        dir = Files.createTempDirectory("wlmscpfs");
        Path ae = Files.createDirectories(dir.resolve("RADWL"));
        Files.createFile(ae.resolve("lockfile"));
        write(ae.resolve("wl1.wl"), Samples.worklistItem("ISO_IR 100", "Müller^Jürgen", "PID1", "ACC1", "CT", "CT01",
                "20250615", "093000", "SPS1"), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        write(ae.resolve("wl2.wl"), Samples.worklistItem(null, "DOE^JOHN", "PID2", "ACC2", "MR", "MR01",
                "20250616", "100000", "SPS2"), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        write(ae.resolve("wl3.wl"), Samples.worklistItem(null, "ROE^JANE", "PID3", "ACC3", "CT", "CT01",
                "20250701", "110000", "SPS3"), TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);
        Dcmtk.dump2dcm(DcmtkFileInteropTest.DUMP.replace("[SPS0001]", "[SPS4]").replace("[ACC0001]", "[ACC4]")
                .replace("[20250615]", "[20250620]").replace("(0010,0040) CS  [F]", "(0010,0040) CS  [F]\n"
                        + "(0010,0021) LO  [HOSP]"), ae.resolve("wl4.wl"), "+te");
        // -s: single process (no forked children left as zombies), -dhl: no hostname lookup
        wlm = Dcmtk.startWlmscpfs(dir, Dcmtk.freePort(), "-s", "-dhl");
    }

    @AfterAll
    static void stop() throws Exception {
        if (wlm != null) {
            wlm.close();
        }
        if (dir != null) {
            try (var s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static void write(Path p, Attributes a, TransferSyntax ts) throws Exception {
        DicomFile.of(a, ts, UID.ModalityWorklistInformationModelFind).write(p);
    }

    Association open() throws Exception {
        AAssociateRQ rq = new AAssociateRQ();
        rq.setCallingAE("CT01");
        rq.setCalledAE("RADWL");
        rq.addPresentationContext(UID.Verification, UID.ImplicitVRLittleEndian);
        rq.addPresentationContext(UID.ModalityWorklistInformationModelFind, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);
        return new DicomClient().connect("127.0.0.1", wlm.port(), rq);
    }

    @Test
    void listensOnLoopbackOnly() throws Exception {
        List<String> addrs = Dcmtk.listeningAddresses(wlm.port());
        assertTrue(!addrs.isEmpty() && addrs.stream().allMatch("127.0.0.1"::equals), addrs.toString());
    }

    @Test
    void echo() throws Exception {
        try (Association as = open()) {
            assertEquals(Status.SUCCESS, as.echo().status());
        }
    }

    @Test
    void findMatchesLikeDcmtkDocuments() throws Exception {
        try (Association as = open()) {
            List<Attributes> june = as.find(UID.ModalityWorklistInformationModelFind,
                    Samples.worklistQuery("CT", "CT01", "20250601-20250630")).matches();
            assertEquals(List.of("ACC1", "ACC4"), june.stream().map(a -> a.getString(Tag.AccessionNumber)).sorted().toList());
            Attributes acc1 = june.stream().filter(a -> "ACC1".equals(a.getString(Tag.AccessionNumber))).findFirst().orElseThrow();
            // wlmscpfs answers Latin-1 text without (0008,0005); our reader decodes it leniently
            assertEquals("Müller^Jürgen", acc1.getString(Tag.PatientName));
            assertEquals("SPS1", acc1.getNestedItem(Tag.ScheduledProcedureStepSequence).getString(Tag.ScheduledProcedureStepID));
            assertEquals(3, as.find(UID.ModalityWorklistInformationModelFind,
                    Samples.worklistQuery("CT", "CT01", "20250601-20250731")).matches().size());
            assertEquals(1, as.find(UID.ModalityWorklistInformationModelFind,
                    Samples.worklistQuery("MR", "MR01", "20250616")).matches().size());
            FindResponses none = as.find(UID.ModalityWorklistInformationModelFind, Samples.worklistQuery("MR", "CT01", null));
            DimseResponse last = none.finalResponse();
            assertEquals(Status.SUCCESS, last.status());
            assertEquals(0, none.matches().size());
        }
    }

    @Test
    void severalQueriesOnOneAssociationAndAbort() throws Exception {
        Association as = open();
        for (int i = 0; i < 5; i++) {
            assertEquals(2, as.find(UID.ModalityWorklistInformationModelFind,
                    Samples.worklistQuery("CT", "CT01", "20250601-20250630")).matches().size());
        }
        as.abort();
        assertTrue(!as.isOpen());
        try (Association again = open()) {
            assertEquals(Status.SUCCESS, again.echo().status(), "wlmscpfs still serving after our A-ABORT");
        }
    }
}
