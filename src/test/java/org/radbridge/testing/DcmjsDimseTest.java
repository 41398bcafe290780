package org.radbridge.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.net.AAssociateRQ;
import org.radbridge.dicom.net.Association;
import org.radbridge.dicom.net.DicomClient;
import org.radbridge.dicom.net.Status;

/** The dcmjs-dimse test peer itself: its SCU echoes the engine, RadBridge's SCU echoes its SCP. */
class DcmjsDimseTest {

    @Test
    void scuEchoesTheEngine() throws Exception {
        try (TestEngine e = TestEngine.start()) {
            List<JsonNode> r = DcmjsDimse.scu("127.0.0.1", e.dicomPort(), "ECHOSCU", "RADBRIDGE",
                    List.of(Map.of("op", "echo"), Map.of("op", "echo")));
            assertEquals(2, r.size(), r.toString());
            assertEquals(0, r.get(0).path("status").asInt(), r.toString());
            assertEquals(0, r.get(1).path("status").asInt(), r.toString());
        }
    }

    @Test
    void scpRecordsWhatItReceives() throws Exception {
        try (DcmjsDimse.Scp scp = DcmjsDimse.scp("PACS", 0)) {
            AAssociateRQ rq = new AAssociateRQ();
            rq.setCallingAE("RADBRIDGE");
            rq.setCalledAE("PACS");
            rq.addPresentationContext(UID.Verification, UID.ImplicitVRLittleEndian);
            try (Association as = new DicomClient().connect("127.0.0.1", scp.port(), rq)) {
                assertEquals(Status.SUCCESS, as.echo().status());
            }
            List<JsonNode> got = scp.await(1, 10000);
            assertEquals(1, got.size(), got.toString());
            assertEquals("echo", got.get(0).path("op").asText());
            assertEquals("RADBRIDGE", got.get(0).path("callingAe").asText());
        }
    }
}
