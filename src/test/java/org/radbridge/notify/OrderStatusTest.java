package org.radbridge.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.settings.Settings;
import org.radbridge.hl7.Hl7Charsets;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.mapping.Mappings;
import org.radbridge.order.ProcedureIds;
import org.radbridge.testing.Golden;
import org.radbridge.testing.HapiCheck;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.MllpReceiver;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.Scenarios;
import org.radbridge.testing.TestEngine;

/**
 * Order status messages (ORC-1=SC, ORC-5 IP/CM/DC): every test-messages/status-* scenario against its golden
 * file and HAPI's parser, the shape rules, and one status delivered end to end through the outbox.
 */
@Timeout(120)
class OrderStatusTest {

    static final StatusMessages.Sender SENDER = new StatusMessages.Sender("RADBRIDGE", "RADBRIDGE");

    @TempDir
    Path overlay;

    /** The order a scenario refers to: the last message of its before.txt, decoded as the intake decodes it. */
    static Hl7Message order(Path scenario) throws Exception {
        List<Path> pre = Scenarios.prerequisites(scenario);
        byte[] raw = Files.readAllBytes(pre.get(pre.size() - 1));
        return Hl7Parser.parse(Hl7Charsets.decode(raw, 0, raw.length, Hl7Charsets.forName(Hl7Charsets.msh18(raw))).text());
    }

    /** A destination by name from the project's mappings, or defined inline (in a folder of its own). */
    Hl7DestinationConfig destination(String scenario, JsonNode d) throws Exception {
        if (d.isTextual()) {
            return Hl7Destinations.load(new Mappings(ProjectPaths.project().resolve("mappings"), null), Settings.of(Map.of()))
                    .get(d.asText());
        }
        Path dir = overlay.resolve(scenario);
        Files.createDirectories(dir.resolve("peers"));
        Files.writeString(dir.resolve(Hl7Destinations.FILE), Mappings.yamlMapper().writeValueAsString(
                Map.of("destinations", List.of(d))));
        return Hl7Destinations.load(new Mappings(ProjectPaths.project().resolve("mappings"), dir), Settings.of(Map.of()))
                .get(d.path("name").asText());
    }

    static StatusMessages.Request request(Path scenario, JsonNode st) throws Exception {
        List<ProcedureIds> procs = new ArrayList<>();
        for (JsonNode p : st.path("procedures")) {
            procs.add(Mappings.yamlMapper().treeToValue(p, ProcedureIds.class));
        }
        return new StatusMessages.Request(order(scenario), procs, StatusMessages.Status.of(st.path("status").asText()),
                ZonedDateTime.parse(st.path("when").asText()));
    }

    @TestFactory
    List<DynamicTest> statusScenariosMatchTheirGoldenFilesAndParseWithHapi() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path scenario : Scenarios.all()) {
            if (!scenario.getFileName().toString().startsWith("status-")) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(scenario.getFileName().toString(), () -> {
                JsonNode st = Mappings.yamlMapper().readTree(scenario.resolve("status.yaml").toFile());
                Hl7DestinationConfig dest = destination(scenario.getFileName().toString(), st.path("destination"));
                StatusMessages.Request r = request(scenario, st);
                String text = StatusMessages.build(r, dest, SENDER, "X", org.radbridge.order.OrderIdentifiers.packaged());
                Golden.assertMatches(scenario.resolve("expected").resolve("out-" + dest.name() + ".hl7"), Outbound.mask(text));

                assertNull(HapiCheck.problem(text), "HAPI parses it with its default validation");
                try (HapiContext hapi = new DefaultHapiContext()) {
                    Message msg = hapi.getPipeParser().parse(text);
                    StatusMessages.Shape shape = StatusMessages.shape(r.order(), dest);
                    assertEquals(shape.name(), msg.getName(), "HAPI reads the structure " + shape.type);
                    Terser t = new Terser(msg);
                    assertEquals("SC", t.get("/.ORC-1"));
                    assertEquals(r.status().code, t.get("/.ORC-5"));
                    assertEquals(StatusMessages.version(r.order(), dest), t.get("/.MSH-12"));
                }
            }));
        }
        assertTrue(tests.size() >= 6, "the status scenarios are found");
        return tests;
    }

    static Hl7DestinationConfig dest(String role, String version) {
        return new Hl7DestinationConfig("d", null, 0, role, "", "", null, 1, 1, 1, null, null, Map.of(), 1, true, "", version);
    }

    @Test
    void omiGoesOnlyToImageManagersAndPlacersGetTheirOwnVersion() {
        Hl7Message omi = Hl7Parser.parse("MSH|^~\\&|RIS|R|RB|RB|20260101||OMI^O23^OMI_O23|1|P|2.5.1\r");
        Hl7Message orm24 = Hl7Parser.parse("MSH|^~\\&|EMR|H|RB|RB|20260101||ORM^O01|1|P|2.4\r");
        Hl7Message omg = Hl7Parser.parse("MSH|^~\\&|EMR|H|RB|RB|20260101||OMG^O19^OMG_O19|1|P|2.5.1\r");
        Hl7Message orm25 = Hl7Parser.parse("MSH|^~\\&|EMR|H|RB|RB|20260101||ORM^O01|1|P|2.5\r");
        Hl7DestinationConfig placer = dest("order-placer", "2.5.1");
        assertEquals(StatusMessages.Shape.OMG_O19, StatusMessages.shape(omi, placer), "an OMI order: the placer gets OMG");
        assertEquals(StatusMessages.Shape.ORM_O01, StatusMessages.shape(orm24, placer));
        assertEquals("2.4", StatusMessages.version(orm24, placer));
        assertEquals(StatusMessages.Shape.OMG_O19, StatusMessages.shape(omg, placer));
        assertEquals(StatusMessages.Shape.ORM_O01, StatusMessages.shape(orm25, placer), "an ORM placer gets ORM, in its version");
        assertEquals(StatusMessages.Shape.OMI_O23, StatusMessages.shape(orm24, dest("image-manager", "2.5.1")));
        assertEquals("2.5.1", StatusMessages.version(orm24, dest("image-manager", "2.5.1")));
        assertEquals(StatusMessages.Shape.ORM_O01, StatusMessages.shape(omi, dest("image-manager", "2.3.1")));
        assertEquals(StatusMessages.Shape.OMG_O19, StatusMessages.shape(omg, dest("report-consumer", "2.5.1")));
    }

    @Test
    void aStatusIsDeliveredToTheEmrThroughTheOutbox() throws Exception {
        Path scenario = Scenarios.dir("status-orm-o01-in-progress");
        JsonNode st = Mappings.yamlMapper().readTree(scenario.resolve("status.yaml").toFile());
        StatusMessages.Request r = request(scenario, st);
        try (MllpReceiver emr = MllpReceiver.start(); TestEngine e = TestEngine.start(Outbound.engineProps(emr.address(), null, null))) {
            StatusNotifier notifier = (StatusNotifier) e.app().engine().beans().get("statusNotifier");
            List<Hl7Outbox.Queued> q = e.app().engine().context().db().writeAndWait(tx -> notifier.enqueue(tx, null, r));
            assertEquals(1, q.size());
            assertTrue(emr.awaitProcessed(1, Duration.ofSeconds(20)));
            String sent = emr.received().get(0).text();
            assertEquals(q.get(0).controlId(), Hl7Text.field(sent, "MSH", 10));
            Golden.assertMatches(scenario.resolve("expected").resolve("out-emr.hl7"), Outbound.mask(sent));
            assertEquals(List.of(), emr.hapiErrors());
            JsonNode entry = Outbound.get(e, "/api/outbox/" + q.get(0).entryId());
            assertEquals("orm-o01", entry.path("kind").asText());
            assertEquals("PAT4001^HOSP", entry.path("orderingKey").asText());
        }
    }

    @Test
    void onlyTheConfiguredStatusesAreSent() throws Exception {
        Files.createDirectories(overlay.resolve("to-hl7"));
        Files.writeString(overlay.resolve(StatusNotifier.FILE), "to: [emr]\nstatuses: [CM]\n");
        Map<String, String> p = Outbound.engineProps(null, null, null);
        p.put("radbridge.mappings.overlay-dir", overlay.toString());
        Path scenario = Scenarios.dir("status-orm-o01-in-progress");
        StatusMessages.Request ip = request(scenario, Mappings.yamlMapper().readTree(scenario.resolve("status.yaml").toFile()));
        StatusMessages.Request cm = new StatusMessages.Request(ip.order(), ip.procedures(), StatusMessages.Status.COMPLETED, ip.when());
        try (TestEngine e = TestEngine.start(p)) {
            StatusNotifier notifier = (StatusNotifier) e.app().engine().beans().get("statusNotifier");
            assertEquals(0, e.app().engine().context().db().writeAndWait(tx -> notifier.enqueue(tx, null, ip)).size());
            assertEquals(1, e.app().engine().context().db().writeAndWait(tx -> notifier.enqueue(tx, null, cm)).size());
            assertTrue(Outbound.awaitDrained(e, "emr", 10000));
            assertEquals(1, Outbound.get(e, "/api/outbox?destination=emr").size());
        }
    }
}
