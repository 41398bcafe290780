package org.radbridge.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.AuditTrail;
import org.radbridge.dicom.Tag;
import org.radbridge.fhir.FhirMappings;
import org.radbridge.fhir.OrderToFhir;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.intake.FlowKeys;
import org.radbridge.intake.Inbound;
import org.radbridge.intake.Intake;
import org.radbridge.intake.MessageFlows;
import org.radbridge.mllp.MllpFrame;
import org.radbridge.mapping.Hl7Peers;
import org.radbridge.mapping.Mappings;
import org.radbridge.notify.Hl7Destinations;
import org.radbridge.notify.StatusMessages;
import org.radbridge.settings.Settings;
import org.radbridge.store.Tx;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.worklist.OrderControl;
import org.radbridge.worklist.OrderToWorklist;
import org.radbridge.worklist.mapping.MwlMapping;

/**
 * A site overlay that moves the accession number (mappings overlay hl7-to-mwl/orm-o01.yaml: the RIS sends it in
 * OBR-21, OBR-18 is empty) moves it for every reader at once: the journal key (intake), the worklist item and the
 * procedure identifiers it settles, the FHIR ServiceRequest and the order status message (notify) — all through
 * {@link OrderIdentifiers}. Without the overlay the same order is refused (the RIS's policy requires an accession).
 */
class AccessionOverlayTest {

    private static final Path PROJECT = ProjectPaths.project().resolve("mappings");

    /** An ORM^O01 of the RIS demo-ris (accession policy: reject) with the accession in OBR-21, OBR-18 empty. */
    private static final String ORDER = String.join("\r",
            "MSH|^~\\&|DEMO_RIS|RADIOLOGY|RADBRIDGE|RAD|20261201081500||ORM^O01^ORM_O01|OVL-1|P|2.3.1",
            "PID|1||PAT7001^^^HOSP^MR||TESTER^OTTO||19700315|M",
            "PV1|1|O|RAD^CT1^^HOSP",
            "ORC|NW|PLC7001^DEMO_EMR|FIL7001^DEMO_RIS||SC||^^^20261201093000^^R",
            "OBR|1|PLC7001^DEMO_EMR|FIL7001^DEMO_RIS|71250^CT CHEST W/O CONTRAST^C4|||||||||||||||RP7001|SPS7001|SITEACC7"
                    + "|||CT",
            "ZDS|1.2.826.0.1.3680043.10.543.7001^DEMO_RIS^Application^DICOM") + "\r";

    @TempDir
    Path overlay;

    private Mappings siteMappings() throws Exception {
        Path dir = Files.createDirectories(overlay.resolve("hl7-to-mwl"));
        String orm = Files.readString(PROJECT.resolve("hl7-to-mwl/orm-o01.yaml"));
        assertTrue(orm.contains("  - to: AccessionNumber                           # Accession Number (0008,0050): OBR-18 placer field 1\n"
                + "    from: OBR-18.1\n"));
        Files.writeString(dir.resolve("orm-o01.yaml"), orm.replace("    from: OBR-18.1\n", "    from: OBR-21.1\n"));
        return new Mappings(PROJECT, overlay);
    }

    private static Intake intake(Mappings m) {
        AuditTrail none = new AuditTrail() {
            @Override
            public void record(Tx tx, AuditEvent e) {
            }

            @Override
            public void record(AuditEvent e) {
            }
        };
        return new Intake(Hl7Peers.load(m), MessageFlows.load(m), OrderIdentifiers.load(m),
                new Intake.Policy(1024 * 1024, true, "refuse", Path.of("target/overlay-spool")), null, null, none);
    }

    /** The message through the intake's decode and screen, as received on MLLP. */
    private static Inbound received(Intake intake) {
        byte[] raw = ORDER.getBytes(StandardCharsets.ISO_8859_1);
        return intake.screen(intake.decode(new MllpFrame(raw, raw.length, false, "127.0.0.1:5000", "mllp", null)));
    }

    @Test
    void theJournalTheWorklistFhirAndNotifyAllFollowTheOverlay() throws Exception {
        Mappings m = siteMappings();
        Inbound in = received(intake(m));
        Hl7Message order = in.message();

        // journal key
        assertEquals("SITEACC7", in.keys().get("accession"));

        // worklist: the item's Accession Number and the identifiers left for the FHIR flow
        OrderToWorklist worklist = new OrderToWorklist(MwlMapping.load(m), OrderControl.load(m), null, "RADBRIDGE");
        worklist.map(in);
        worklist.assignIdentifiers(in);
        ProcedureIds settled = in.get(FlowKeys.PROCEDURES).get(0);
        assertEquals("SITEACC7", settled.accessionNumber());
        assertTrue(settled.assigned().isEmpty(), "received, not assigned");

        // FHIR, reading the message itself (no worklist flow before it)
        Inbound fhirOnly = received(intake(m));
        JsonNode bundle = new OrderToFhir(new FhirMappings(m), ZoneId.of("UTC")).map(order, fhirOnly.peer(), fhirOnly).bundle();
        String serviceRequest = "";
        for (JsonNode e : bundle.path("entry")) {
            if ("ServiceRequest".equals(e.path("resource").path("resourceType").asText())) {
                serviceRequest = e.path("resource").path("identifier").toString();
            }
        }
        assertTrue(serviceRequest.contains("\"SITEACC7\""), serviceRequest);

        // notify: an order status message without procedure identifiers from its caller
        String status = StatusMessages.build(new StatusMessages.Request(order, List.of(), StatusMessages.Status.IN_PROGRESS,
                ZonedDateTime.parse("2026-12-01T09:30:00Z")), Hl7Destinations.load(m, Settings.of(Map.of())).get("emr"),
                new StatusMessages.Sender("RADBRIDGE", "RADBRIDGE"), "X", in.identifiers());
        Hl7Message sc = Hl7Parser.parse(status);
        assertEquals("SITEACC7", sc.segment("OBR").value(18, 1), status.replace('\r', '\n'));
    }

    @Test
    void withoutTheOverlayTheAccessionIsMissingEverywhere() {
        Mappings m = new Mappings(PROJECT, null);
        Inbound in = received(intake(m));
        assertEquals(null, in.keys().get("accession"));
        OrderToWorklist worklist = new OrderToWorklist(MwlMapping.load(m), OrderControl.load(m), null, "RADBRIDGE");
        worklist.map(in);
        Hl7Error e = assertThrows(Hl7Error.class, () -> worklist.assignIdentifiers(in));
        assertTrue(e.text().contains("OBR-18"), e.text());
        assertEquals(null, OrderIdentifiers.load(m).received(in.message()).get(0).accessionNumber());
        assertEquals("", MwlMapping.load(m).mapOrder(in.message(), in.peer()).get(0).item().getString(Tag.AccessionNumber, ""));
    }
}
