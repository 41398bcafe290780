package org.radbridge.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.mapping.MappingException;
import org.radbridge.mapping.Mappings;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.Scenarios;

/**
 * {@link OrderIdentifiers}: the identifiers of a message read with the paths of mappings/hl7-to-mwl/ — the same
 * values the former readers (intake.JournalKeys, fhir.OrderIds, notify.OrderIds) gave for the shipped mappings, the
 * issuer taken with its identifier, a type without a worklist mapping read with orm-o01.yaml's paths, and a site
 * overlay that moves a path moving what is read.
 */
class OrderIdentifiersTest {

    private static final Mappings PROJECT = new Mappings(ProjectPaths.project().resolve("mappings"), null);
    private static final OrderIdentifiers IDS = OrderIdentifiers.load(PROJECT);

    @TempDir
    Path overlay;

    private static Hl7Message scenario(String name) throws Exception {
        return Hl7Parser.parse(new String(Files.readAllBytes(Scenarios.dir(name).resolve("message.hl7")),
                StandardCharsets.ISO_8859_1));
    }

    private static Hl7Message parse(String... segments) {
        return Hl7Parser.parse(String.join("\r", segments));
    }

    @Test
    void anOrmCarriesItsIdentifiersInObrOrcAndZds() throws Exception {
        Hl7Message m = scenario("orm-o01-ris-new-ct");
        List<ProcedureIds> all = IDS.received(m);
        assertEquals(1, all.size());
        ProcedureIds p = all.get(0);
        assertEquals("ACC1001", p.accessionNumber());
        assertNull(p.accessionIssuer(), "orm-o01.yaml has no issuer of the accession");
        assertEquals("PLC1001", p.placerOrderNumber());
        assertEquals("DEMO_EMR", p.placerIssuer());
        assertEquals("FIL1001", p.fillerOrderNumber());
        assertEquals("DEMO_RIS", p.fillerIssuer());
        assertEquals("RP1001", p.requestedProcedureId());
        assertEquals("SPS1001", p.spsId());
        assertEquals("1.2.826.0.1.3680043.10.543.1001", p.studyInstanceUid());
        assertEquals("CT", p.modality(), "the code as sent");
        assertTrue(p.assigned().isEmpty());
        OrderIdentifiers.Keys k = IDS.keys(m);
        assertEquals("PAT1001^HOSP", k.patient());
        assertEquals("ACC1001", k.accession());
        assertEquals("PLC1001^DEMO_EMR", k.order());
    }

    @Test
    void anOmiHasOneSetPerIpcWithTheAccessionIssuer() throws Exception {
        Hl7Message m = scenario("omi-o23-ris-two-ipc");
        List<ProcedureIds> all = IDS.received(m);
        assertEquals(2, all.size());
        assertEquals("SPS6001B", all.get(1).spsId());
        assertEquals("1.2.826.0.1.3680043.10.543.6001", all.get(1).studyInstanceUid());
        assertEquals("DEMO_RIS", all.get(0).accessionIssuer());
        assertEquals(all.get(0).accessionNumber(), IDS.accession(m), "the journal's accession: the first IPC's");
        assertEquals(all.get(0).accessionNumber(), IDS.received(m.messageType(), m.groups("ORC").get(0)).get(0).accessionNumber());
    }

    @Test
    void theJournalsStepIsTheFirstOfOrderStepForEveryScenario() throws Exception {
        int checked = 0;
        for (Path dir : Scenarios.all()) {
            Path f = dir.resolve("message.hl7");
            if (!Files.isRegularFile(f)) {
                continue;
            }
            Hl7Message m;
            try {
                m = Hl7Parser.parse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            } catch (org.radbridge.hl7.Hl7Error unreadable) {
                continue; // scenarios of refused input
            }
            List<OrderStep> steps = OrderStep.of(m);
            if (steps.isEmpty() || m.segment("IPC") != null) {
                continue;
            }
            OrderStep fast = OrderIdentifiers.firstStep(m);
            OrderStep full = steps.get(0);
            assertEquals(full.header(), fast.header(), dir.toString());
            assertEquals(full.groupSegments(), fast.groupSegments(), dir.toString());
            assertEquals(full.stepSegments(), fast.stepSegments(), dir.toString());
            assertEquals(IDS.received(m.messageType(), full.groupSegments()).get(0).accessionNumber(), IDS.accession(m));
            checked++;
        }
        assertTrue(checked >= 10, "order scenarios checked: " + checked);
    }

    @Test
    void anIssuerComesWithItsIdentifier() {
        Hl7Message m = parse("MSH|^~\\&|A|F|RB|RB|20260101||ORM^O01|1|P|2.3.1", "PID|1||P1",
                "ORC|NW|^ORC_NS|F9^FNS", "OBR|1|P7^OBR_NS||71250^CT^C4||||||||||||||A1");
        ProcedureIds p = IDS.received(m).get(0);
        assertEquals("P7", p.placerOrderNumber(), "ORC-2.1 empty: OBR-2.1");
        assertEquals("OBR_NS", p.placerIssuer(), "the namespace of OBR-2, not ORC-2's");
        assertEquals("F9", p.fillerOrderNumber());
        assertEquals("FNS", p.fillerIssuer());
        assertEquals("P7^OBR_NS", IDS.order(m));
        assertEquals("P1^", IDS.patient(m), "no assigning authority: empty issuer");
    }

    @Test
    void aMessageWithoutIdentifiersGivesNulls() {
        Hl7Message adt = parse("MSH|^~\\&|A|F|RB|RB|20260101||ADT^A08|1|P|2.5.1", "EVN|A08", "PID|1||^^^HOSP");
        OrderIdentifiers.Keys k = IDS.keys(adt);
        assertNull(k.patient());
        assertNull(k.accession());
        assertNull(k.order());
        Hl7Message hl7Null = parse("MSH|^~\\&|A|F|RB|RB|20260101||OMI^O23|1|P|2.5.1", "PID|1||P1",
                "ORC|NW|P1", "OBR|1|P1||71250^CT^C4||||||||||||||ACC9", "IPC|\"\"|RP1|1.2.3|SPS1|CT");
        assertNull(IDS.accession(hl7Null), "an HL7 null in IPC-1 stops the search, as in the worklist mapping");
    }

    @Test
    void aReportOrAnUnmappedTypeIsReadWithTheOrmPaths() {
        Hl7Message oru = parse("MSH|^~\\&|R|F|RB|RB|20260101||ORU^R01|1|P|2.3.1", "PID|1||P1^^^HOSP",
                "OBR|1|PL5^EMR|FL5^RIS|71250^CT^C4||||||||||||||ACC5", "OBX|1|TX|||text");
        ProcedureIds p = IDS.received(oru).get(0);
        assertEquals("ACC5", p.accessionNumber());
        assertEquals("PL5", p.placerOrderNumber());
        assertEquals("ACC5", IDS.accession(oru));
        assertSame(IDS.paths("ORU^R01"), IDS.paths("ORM^O01"));
        assertSame(IDS.paths("../etc^x"), IDS.paths("ORM^O01"), "a made-up type names no file");
        assertEquals("OBR-18.1", IDS.paths("ORU^R01").location(OrderIdentifiers.Field.ACCESSION));
        assertEquals("IPC-1.1", IDS.paths("OMI^O23").location(OrderIdentifiers.Field.ACCESSION));
    }

    @Test
    void aSiteOverlayThatMovesTheAccessionMovesWhatIsRead() throws Exception {
        Path dir = Files.createDirectories(overlay.resolve("hl7-to-mwl"));
        String orm = Files.readString(ProjectPaths.project().resolve("mappings/hl7-to-mwl/orm-o01.yaml"));
        Files.writeString(dir.resolve("orm-o01.yaml"), orm.replace("from: OBR-18.1", "from: [OBR-21.1, OBR-18.1]"));
        String patient = Files.readString(ProjectPaths.project().resolve("mappings/hl7-to-mwl/patient.yaml"));
        Files.writeString(dir.resolve("patient.yaml"), patient.replace("from: PID-3.1\n", "from: [PID-2.1, PID-3.1]\n")
                .replace("from: PID-3.4.1\n", "from: [PID-2.4.1, PID-3.4.1]\n"));
        OrderIdentifiers site = OrderIdentifiers.load(new Mappings(ProjectPaths.project().resolve("mappings"), overlay));
        Hl7Message m = parse("MSH|^~\\&|A|F|RB|RB|20260101||ORM^O01|1|P|2.3.1", "PID|1|EXT7^^^LEGACY|P1^^^HOSP",
                "ORC|NW|PL1^EMR", "OBR|1|PL1^EMR||71250^CT^C4||||||||||||||ACC1|||SITEACC7");
        assertEquals("SITEACC7", site.accession(m));
        assertEquals("SITEACC7", site.received(m).get(0).accessionNumber());
        assertEquals("EXT7^LEGACY", site.patient(m));
        assertEquals("ACC1", IDS.accession(m), "the shipped mapping still reads OBR-18");
        assertEquals("P1^HOSP", IDS.patient(m));
        assertEquals("OBR-21.1", site.paths("ORU^R01").location(OrderIdentifiers.Field.ACCESSION),
                "types without a mapping of their own follow orm-o01.yaml");
    }

    @Test
    void aBadPathInTheMappingIsRefusedNamingTheFile() throws Exception {
        Path dir = Files.createDirectories(overlay.resolve("hl7-to-mwl"));
        String omi = Files.readString(ProjectPaths.project().resolve("mappings/hl7-to-mwl/omi-o23.yaml"));
        Files.writeString(dir.resolve("omi-o23.yaml"), omi.replace("from: [IPC-1.1, OBR-18.1]", "from: [IPC1, OBR-18.1]"));
        MappingException e = assertThrows(MappingException.class,
                () -> OrderIdentifiers.load(new Mappings(ProjectPaths.project().resolve("mappings"), overlay)));
        assertTrue(e.getMessage().contains("omi-o23.yaml"), e.getMessage());
    }
}
