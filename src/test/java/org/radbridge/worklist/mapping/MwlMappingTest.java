package org.radbridge.worklist.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.mapping.Hl7Peer;
import org.radbridge.mapping.Hl7Peers;
import org.radbridge.mapping.Mappings;
import org.radbridge.testing.ProjectPaths;

/**
 * The project's mappings/hl7-to-mwl/ files on small messages: the switches (protocol code triplet, station AE
 * source, SPS start fallback), fallbacks between rules, invalid values, sequences created only with values.
 */
class MwlMappingTest {

    static final Mappings MAPPINGS = new Mappings(ProjectPaths.project().resolve("mappings"), null);
    static final MwlMapping MAPPING = MwlMapping.load(MAPPINGS);
    static final Hl7Peers PEERS = Hl7Peers.load(MAPPINGS);

    static String orm(String orc, String obr) {
        return "MSH|^~\\&|DEMO_RIS|RADIOLOGY|RADBRIDGE|RAD|20261201081500||ORM^O01|1|P|2.3.1\r"
                + "PID|1||P1^^^HOSP||DOE^JANE||19700101|U\rPV1|1|O|RAD^CT1^^HOSP\r" + orc + "\r" + obr + "\r";
    }

    static Attributes map(String msg, String sender) {
        var m = Hl7Parser.parse(msg);
        Hl7Peer peer = PEERS.match(sender, "");
        List<MwlMapping.Draft> d = MAPPING.mapOrder(m, peer);
        assertEquals(1, d.size());
        return d.get(0).item();
    }

    /** DEMO_RIS with sender options (as peers/hl7-senders.yaml would give them). */
    static Hl7Peer withOptions(String json) throws Exception {
        Hl7Peer p = PEERS.match("DEMO_RIS", "");
        return new Hl7Peer(p.name(), true, p.application(), p.facility(), p.role(), p.ackModes(), p.charset(), p.allowedTypes(),
                p.processingIds(), p.duplicateControlId(), p.addresses(), p.tlsIdentity(), p.receivingApplication(),
                p.receivingFacility(), Mappings.yamlMapper().readTree(json));
    }

    static Attributes sps(Attributes a) {
        return a.getNestedItem(Tag.ScheduledProcedureStepSequence);
    }

    /** An OBR with the given fields (1-based), others empty. */
    static String obr(Object... fieldValue) {
        String[] f = new String[45];
        java.util.Arrays.fill(f, "");
        f[0] = "OBR";
        for (int i = 0; i < fieldValue.length; i += 2) {
            f[(Integer) fieldValue[i]] = (String) fieldValue[i + 1];
        }
        return String.join("|", f);
    }

    static final String OBR_BOTH = obr(1, "1", 2, "PLC1", 4, "71250^CT CHEST^C4^CTCHEST^CT Chest^LOCAL", 18, "ACC1", 19, "RP1",
            20, "SPS1", 24, "CT");

    @Test
    void protocolCodeFromTheAlternateTripletByDefault() {
        Attributes a = map(orm("ORC|NW|PLC1|||SC||^^^20261201093000", OBR_BOTH), "DEMO_RIS");
        Attributes code = sps(a).getNestedItem(Tag.ScheduledProtocolCodeSequence);
        assertEquals("CTCHEST", code.getString(Tag.CodeValue));
        assertEquals("LOCAL", code.getString(Tag.CodingSchemeDesignator));
        assertEquals("CT Chest", sps(a).getString(Tag.ScheduledProcedureStepDescription));
        assertEquals("71250", a.getNestedItem(Tag.RequestedProcedureCodeSequence).getString(Tag.CodeValue));
    }

    @Test
    void primarySwitchTakesComponentsOneToThree() throws Exception {
        var m = Hl7Parser.parse(orm("ORC|NW|PLC1|||SC||^^^20261201093000", OBR_BOTH));
        Attributes a = MAPPING.mapOrder(m, withOptions("{\"worklist\": {\"protocol-code\": \"primary\"}}")).get(0).item();
        assertEquals("71250", sps(a).getNestedItem(Tag.ScheduledProtocolCodeSequence).getString(Tag.CodeValue));
        assertEquals("CT CHEST", sps(a).getString(Tag.ScheduledProcedureStepDescription));
    }

    @Test
    void emptyAlternateTripletFallsBackToTheUniversalServiceId() {
        Attributes a = map(orm("ORC|NW|PLC1|||SC||^^^20261201093000", obr(1, "1", 2, "PLC1", 4, "71250^CT CHEST^C4", 24, "CT")), "DEMO_RIS");
        assertEquals("71250", sps(a).getNestedItem(Tag.ScheduledProtocolCodeSequence).getString(Tag.CodeValue));
        assertEquals("CT CHEST", sps(a).getString(Tag.ScheduledProcedureStepDescription));
    }

    @Test
    void stationFromTheRoutingTableUnlessTheSenderUsesOrc18() throws Exception {
        Attributes a = map(orm("ORC|NW|PLC1|||SC||^^^20261201093000|||||||||||CT09", OBR_BOTH), "DEMO_RIS");
        assertEquals("CT01", sps(a).getString(Tag.ScheduledStationAETitle), "routing table: CT -> CT01");
        var m = Hl7Parser.parse(orm("ORC|NW|PLC1|||SC||^^^20261201093000|||||||||||CT09", OBR_BOTH));
        Attributes b = MAPPING.mapOrder(m, withOptions("{\"worklist\": {\"station-aet\": \"orc-18\"}}")).get(0).item();
        assertEquals("CT09", sps(b).getString(Tag.ScheduledStationAETitle), "switch station-aet: orc-18");
        var noOrc18 = Hl7Parser.parse(orm("ORC|NW|PLC1|||SC||^^^20261201093000", OBR_BOTH));
        Attributes c = MAPPING.mapOrder(noOrc18, withOptions("{\"worklist\": {\"station-aet\": \"orc-18\"}}")).get(0).item();
        assertEquals("CT01", sps(c).getString(Tag.ScheduledStationAETitle), "empty ORC-18 falls back to the routing table");
    }

    @Test
    void spsStartFallsBackToTheMessageTime() {
        Attributes a = map(orm("ORC|NW|PLC1|||SC", OBR_BOTH), "DEMO_RIS");
        assertEquals("20261201", sps(a).getString(Tag.ScheduledProcedureStepStartDate));
        assertEquals("081500", sps(a).getString(Tag.ScheduledProcedureStepStartTime));
        Attributes b = map(orm("ORC|NW|PLC1|||SC||^^^20261203101500+0100", OBR_BOTH), "DEMO_RIS");
        assertEquals("20261203", sps(b).getString(Tag.ScheduledProcedureStepStartDate));
        assertEquals("+0100", b.getString(Tag.TimezoneOffsetFromUTC));
    }

    @Test
    void invalidSpsStartIsRefusedWithItsLocation() {
        Hl7Error e = assertThrows(Hl7Error.class, () -> map(orm("ORC|NW|PLC1|||SC||^^^20261301093000", OBR_BOTH), "DEMO_RIS"));
        assertEquals(Hl7Error.Code.DATA_TYPE, e.code());
        assertEquals("ORC", e.location().segment());
        assertEquals(7, e.location().field());
    }

    @Test
    void invalidOptionalValuesAreDroppedWithAWarning() {
        var m = Hl7Parser.parse(orm("ORC|NW|PLC1|||SC||^^^20261201093000", OBR_BOTH).replace("19700101", "Aug 15, 1942"));
        MwlMapping.Draft d = MAPPING.mapOrder(m, PEERS.match("DEMO_RIS", "")).get(0);
        assertTrue(d.item().contains(Tag.PatientBirthDate) && !d.item().containsValue(Tag.PatientBirthDate), "type 2: present, empty");
        assertTrue(d.warnings().stream().anyMatch(w -> w.startsWith("PatientBirthDate") && !w.contains("Aug")), d.warnings().toString());
        assertTrue(d.item().contains(Tag.PatientSex) && !d.item().containsValue(Tag.PatientSex), "U is left empty");
    }

    @Test
    void sequencesAreCreatedOnlyWithValues() {
        Attributes a = map(orm("ORC|NW|PLC1|||SC||^^^20261201093000", OBR_BOTH), "DEMO_RIS");
        assertNull(a.getSequence(Tag.IssuerOfPatientIDQualifiersSequence));
        assertNull(a.getSequence(Tag.IssuerOfAdmissionIDSequence));
        assertEquals(0, a.getSequence(Tag.ReferencedStudySequence).size(), "type 2 sequence present and empty");
    }

    @Test
    void longValuesAreCutToTheVrMaximum() {
        String longState = "X".repeat(80);
        var m = Hl7Parser.parse(orm("ORC|NW|PLC1|||SC||^^^20261201093000", obr(1, "1", 2, "PLC1", 4, "71250^CT CHEST^C4", 12, longState,
                18, "ACC1", 24, "CT")));
        MwlMapping.Draft d = MAPPING.mapOrder(m, PEERS.match("DEMO_RIS", "")).get(0);
        assertEquals(64, d.item().getString(Tag.PatientState).length());
        assertFalse(d.warnings().isEmpty());
    }

    @Test
    void omiStationsFromAllIpc9Repetitions() {
        String omi = "MSH|^~\\&|DEMO_RIS|RADIOLOGY|RADBRIDGE|RAD|20261201081500||OMI^O23|1|P|2.5.1\rPID|1||P1^^^HOSP||DOE^JANE\r"
                + "ORC|NW|PLC1\rTQ1|1||||||20261201093000||S\rOBR|1|PLC1||X^Y^L\r"
                + "IPC|ACC1^RIS|RP1|1.2.3|SPS1|CT|P1^Protocol^L|ROOM1~ROOM2|LOC|AE1~AE2\r";
        var d = MAPPING.mapOrder(Hl7Parser.parse(omi), PEERS.match("DEMO_RIS", "")).get(0);
        assertEquals("AE1\\AE2", sps(d.item()).getRawString(Tag.ScheduledStationAETitle));
        assertEquals("ROOM1\\ROOM2", sps(d.item()).getRawString(Tag.ScheduledStationName));
        assertEquals("STAT", d.item().getString(Tag.RequestedProcedurePriority));
        assertEquals("RIS", d.item().getNestedItem(Tag.IssuerOfAccessionNumberSequence).getString(Tag.LocalNamespaceEntityID));
    }
}
