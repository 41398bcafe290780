package org.radbridge.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.intake.FlowKeys;
import org.radbridge.intake.Inbound;
import org.radbridge.mapping.Hl7Peers;
import org.radbridge.mapping.Mappings;
import org.radbridge.order.ProcedureIds;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.Scenarios;

/**
 * The identifiers order-to-fhir uses are the worklist's: those order-to-worklist leaves on the Inbound
 * (order.ProcedureIds, e.g. assigned for an EMR order), else those of the message (IPC, OBR-18/19/20, ZDS).
 */
class OrderIdsTest {

    private static final Mappings M = new Mappings(ProjectPaths.project().resolve("mappings"), null);
    private static final FhirMappings FM = new FhirMappings(M);
    private static final Hl7Peers PEERS = Hl7Peers.load(M);

    private static Hl7Message message(String scenario) throws Exception {
        return Hl7Parser.parse(new String(Files.readAllBytes(Scenarios.dir(scenario).resolve("message.hl7")),
                StandardCharsets.ISO_8859_1));
    }

    private static Inbound inbound(Hl7Message m) {
        return new Inbound(m.encode().getBytes(StandardCharsets.ISO_8859_1), 0, "test", "127.0.0.1", null);
    }

    @Test
    void fromTheMessageIpcOrZds() throws Exception {
        Hl7Message omiMessage = message("omi-o23-ris-two-ipc");
        List<ProcedureIds> omi = OrderIds.of(null, omiMessage, OrderGroups.of(omiMessage).get(0));
        assertEquals(2, omi.size());
        assertEquals("SPS6001B", omi.get(1).spsId());
        assertEquals("1.2.826.0.1.3680043.10.543.6001", omi.get(1).studyInstanceUid());
        assertEquals("DEMO_RIS", omi.get(0).accessionIssuer());
        Hl7Message ormMessage = message("orm-o01-ris-new-ct");
        ProcedureIds orm = OrderIds.of(null, ormMessage, OrderGroups.of(ormMessage).get(0)).get(0);
        assertEquals("1.2.826.0.1.3680043.10.543.1001", orm.studyInstanceUid());
        assertEquals("ACC1001", orm.accessionNumber());
        assertEquals("PLC1001", orm.placerOrderNumber());
        assertEquals("DEMO_RIS", orm.fillerIssuer());
        assertEquals("CT", orm.modality());
    }

    @Test
    void theWorklistsIdentifiersWinAndTheStudyCarriesItsUid() throws Exception {
        Hl7Message m = message("orm-o01-emr-placer-order");
        Inbound in = inbound(m);
        in.put(FlowKeys.PROCEDURES, List.of(new ProcedureIds("2.25.123456789", "RB4001", "RADBRIDGE", "RP1", "SPS1",
                "PLC4001", "DEMO_EMR", "RBF4001", "RADBRIDGE", "CR", Set.of("studyInstanceUid", "accessionNumber"))));
        Mapped r = new OrderToFhir(FM, ZoneId.of("UTC")).map(m, PEERS.match("DEMO_EMR", "MAINHOSP"), in);
        JsonNode study = null;
        JsonNode sr = null;
        for (JsonNode e : r.bundle().path("entry")) {
            String t = e.path("resource").path("resourceType").asText();
            if (t.equals("ImagingStudy")) {
                study = e.path("resource");
            } else if (t.equals("ServiceRequest")) {
                sr = e.path("resource");
            }
        }
        assertEquals("urn:oid:2.25.123456789", study.path("identifier").path(0).path("value").asText());
        assertEquals("CR", study.path("modality").path(0).path("code").asText());
        String ids = sr.path("identifier").toString();
        assertTrue(ids.contains("\"PLC4001\"") && ids.contains("\"RBF4001\"") && ids.contains("\"RB4001\""), ids);
    }
}
