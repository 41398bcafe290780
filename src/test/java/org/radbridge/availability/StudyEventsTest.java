package org.radbridge.availability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Sequence;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.VR;
import org.radbridge.hl7.Delimiters;

/** The pure parts: webhook body and IAN data set to events, completing from the PACS, PID and viewer URL of a notice. */
class StudyEventsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static StudyEvent webhook(String json) throws Exception {
        return WebhookEvents.read(JSON.readTree(json), "pacs-hook", "127.0.0.1");
    }

    @Test
    void aWebhookBodyBecomesAnEvent() throws Exception {
        StudyEvent e = webhook("""
                {"studyInstanceUid": "1.2.3", "accessionNumber": " A1 ", "series": [
                 {"seriesInstanceUid": "1.2.3.1", "modality": "CT", "numberOfInstances": 3},
                 {"seriesInstanceUid": "1.2.3.2", "modality": "SR", "numberOfInstances": 1}]}""");
        assertEquals("webhook", e.source());
        assertEquals("pacs-hook", e.sender());
        assertEquals("A1", e.accessionNumber(), "trimmed");
        assertEquals(2, e.numberOfSeries());
        assertEquals(4, e.numberOfInstances());
        assertEquals(List.of("CT", "SR"), e.modalities());
        assertTrue(e.incomplete(), "no patient, no date: the PACS is asked");
    }

    @Test
    void badWebhookBodiesAreRefusedWithTheReason() {
        assertEquals("studyInstanceUid is required", assertThrows(IllegalArgumentException.class, () -> webhook("{}")).getMessage());
        assertEquals("unknown member accesionNumber", assertThrows(IllegalArgumentException.class,
                () -> webhook("{\"studyInstanceUid\":\"1.2\",\"accesionNumber\":\"A\"}")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> webhook("{\"studyInstanceUid\":\"1.2.x\"}"))
                .getMessage().contains("not a DICOM UID"));
        assertEquals("series[0].numberOfInstances must be a non-negative integer", assertThrows(IllegalArgumentException.class,
                () -> webhook("{\"studyInstanceUid\":\"1.2\",\"series\":[{\"seriesInstanceUid\":\"1.2.1\",\"numberOfInstances\":-1}]}"))
                .getMessage());
        assertEquals("patientId must be a string", assertThrows(IllegalArgumentException.class,
                () -> webhook("{\"studyInstanceUid\":\"1.2\",\"patientId\":12}")).getMessage());
        assertEquals("the body must be a JSON object", assertThrows(IllegalArgumentException.class, () -> webhook("[]")).getMessage());
    }

    static Attributes ian() {
        Attributes a = new Attributes();
        a.setString(Tag.StudyInstanceUID, VR.UI, "1.2.3");
        Sequence series = a.newSequence(Tag.ReferencedSeriesSequence);
        Attributes s = series.addItem();
        s.setString(Tag.SeriesInstanceUID, VR.UI, "1.2.3.1");
        Sequence sops = s.newSequence(Tag.ReferencedSOPSequence);
        for (String availability : new String[] {"ONLINE", "NEARLINE", "OFFLINE", "UNAVAILABLE"}) {
            Attributes sop = sops.addItem();
            sop.setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3.1." + availability.length());
            sop.setString(Tag.InstanceAvailability, VR.CS, availability);
            sop.setString(Tag.RetrieveAETitle, VR.AE, "PACS");
        }
        return a;
    }

    @Test
    void anIanCountsOnlineAndNearlineInstances() {
        assertEquals("", IanEvents.problem(ian()));
        StudyEvent e = IanEvents.read(ian(), "PACS", "127.0.0.1", "1.9");
        assertEquals("1.2.3", e.studyInstanceUid());
        assertEquals(2, e.numberOfInstances(), "ONLINE and NEARLINE");
        assertEquals("PACS", e.retrieveAeTitle());
        assertEquals("1.9", e.controlId());
        Attributes noUid = ian();
        noUid.remove(Tag.StudyInstanceUID);
        assertEquals("Study Instance UID (0020,000D) is missing", IanEvents.problem(noUid));
        Attributes noSeries = ian();
        noSeries.remove(Tag.ReferencedSeriesSequence);
        assertEquals("Referenced Series Sequence (0008,1115) is missing or empty", IanEvents.problem(noSeries));
    }

    @Test
    void whatTheSourceSaidWinsAndThePacsFillsTheRest() throws Exception {
        StudyEvent ian = IanEvents.read(ian(), "PACS", "127.0.0.1", "1.9");
        StudyEvent pacs = new StudyEvent("orthanc", "x", "", "", "1.2.3", "A1", "HOSP", "P1", "HOSP", "DOE^J", "19700101", "M",
                "20260101", "1200", "CT HEAD", "", "abc", List.of(new StudyEvent.Series("1.2.3.1", "CT", "1", "", 4)));
        StudyEvent done = ian.fillFrom(pacs);
        assertEquals("ian", done.source());
        assertEquals("A1", done.accessionNumber());
        assertEquals("P1", done.patientId());
        assertEquals("CT", done.series().get(0).modality(), "the series' modality from the PACS");
        assertEquals(4, done.numberOfInstances(), "the larger count");
        assertEquals("PACS", done.retrieveAeTitle(), "the source's value stays");
        StudyEvent back = JSON.readValue(JSON.writeValueAsBytes(done), StudyEvent.class);
        assertEquals(done, back, "kept as JSON for held studies and read back the same");
    }

    @Test
    void aNoticeWithoutOrderHasAPidOfThePacsIdentifiersAndAnEscapedViewerUrl() {
        StudyEvent e = new StudyEvent("webhook", "", "", "", "1.2.3", "A&1", "", "P|1", "HOSP", "DOE^JOHN^Q^DR^JR", "19700101",
                "M", "", "", "", "", "", List.of());
        assertEquals("PID|1||P\\F\\1^^^HOSP||DOE^JOHN^Q^JR^DR||19700101|M", AvailableMessages.pid(e, Delimiters.STANDARD));
        assertEquals("https://v/x?uid=1.2.3&acc=A%261",
                AvailableMessages.viewerUrl("https://v/x?uid={studyInstanceUid}&acc={accessionNumber}", e));
        assertEquals("", AvailableMessages.viewerUrl("", e));
    }
}
