package org.radbridge.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.app.Engine;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.MllpReceiver;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.TestEngine;

/**
 * Site routes (radbridge.routes.site-dir) with the examples of docs/site-routes/: a sender that puts the
 * accession in OBR-3 and the Study Instance UID in a Z-segment is fixed before the order flows (camel-hl7's
 * hl7 data format and hl7terser language, HAPI's Terser, raw text), the EMR's copy of a report gets a
 * site-specific MSH-5 after report-to-emr; the routes reload between messages, and an invalid folder is refused
 * while the running routes stay.
 */
@Timeout(180)
class SiteRoutesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String STUDY_UID = "1.2.826.0.1.3680043.10.543.9001";

    @TempDir
    Path overlay;

    @TempDir
    Path site;

    /** ORM^O01 of the quirky sender: accession QACC1 in OBR-3, OBR-18 empty, the study UID in ZSU. */
    static String quirkyOrder() {
        return "MSH|^~\\&|QUIRKY_RIS|RADIOLOGY|RADBRIDGE|RAD|20261201081500||ORM^O01|Q-1|P|2.3.1\r"
                + "PID|1||PAT9001^^^HOSP^MR||QUIRK^QUINN||19800101|M\r"
                + "PV1|1|O|RAD^CT1^^HOSP\r"
                + "ORC|NW|PLC9001^DEMO_EMR|||SC||^^^20261201093000^^R||20261201081500\r"
                + "OBR|1|PLC9001^DEMO_EMR|QACC1|71250^CT CHEST W/O CONTRAST^C4|||20261201081500" + "|".repeat(11)
                + "|RP9001|SPS9001||||CT|||^^^20261201093000^^R\r"
                + "ZSU|" + STUDY_UID + "\r";
    }

    static String report(String controlId) {
        return "MSH|^~\\&|DEMO_RIS|RADIOLOGY|RADBRIDGE|RAD|20261201160000||ORU^R01^ORU_R01|" + controlId + "|P|2.5.1\r"
                + "PID|1||PAT1001^^^HOSP^MR||TESTER^ANNA||19700315|F\r"
                + "OBR|1|PLC1^DEMO_EMR|FIL1^DEMO_RIS|71250^CT CHEST^C4|||20261201093000" + "|".repeat(17) + "CT|F\r"
                + "OBX|1|TX|18782-3^Radiology Study observation^LN||Report text||||||F\r";
    }

    TestEngine engine(MllpReceiver emr, Path siteDir) throws Exception {
        // the quirky sender: a RIS whose orders must carry an accession (refused AE without one)
        Path senders = ProjectPaths.project().resolve("mappings/peers/hl7-senders.yaml");
        Files.createDirectories(overlay.resolve("peers"));
        Files.writeString(overlay.resolve("peers/hl7-senders.yaml"), Files.readString(senders) + """
                  - name: quirky-ris
                    application: QUIRKY_RIS
                    facility: "*"
                    role: ris
                    options:
                      worklist:
                        identifiers:
                          accession: reject
                      fhir:
                        default-issuers:
                          patient: HOSP
                """);
        Map<String, String> p = new HashMap<>();
        p.put("radbridge.mappings.overlay-dir", overlay.toString());
        p.put("radbridge.emr.mllp", emr.address());
        p.put("radbridge.outbox.backoff-initial-ms", "50");
        p.put("radbridge.outbox.backoff-max-ms", "300");
        p.put("radbridge.outbox.poll-ms", "100");
        p.put("radbridge.routes.site-dir", siteDir.toString());
        return TestEngine.start(p);
    }

    static JsonNode get(TestEngine e, String path) throws Exception {
        var r = e.get(path);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    static String ack(TestEngine e, String msg) throws Exception {
        String a = e.send(msg);
        return Hl7Text.field(a, "MSA", 1) + (Hl7Text.field(a, "MSA", 1).equals("AA") ? "" : " " + a);
    }

    @Test
    void theDocumentedSiteRoutesFixAQuirkySenderAndShapeTheEmrCopy() throws Exception {
        try (MllpReceiver emr = MllpReceiver.start(); TestEngine e = engine(emr, ProjectPaths.project().resolve("docs/site-routes"))) {
            assertEquals("AA", ack(e, quirkyOrder()));
            JsonNode items = get(e, "/api/worklist?accession=QACC1");
            assertEquals(1, items.size(), "the accession moved from OBR-3 to OBR-18: " + items);
            assertEquals(STUDY_UID, items.get(0).path("0020000D").path("Value").get(0).asText(), "the study UID of the Z-segment");
            JsonNode found = get(e, "/api/messages?accession=QACC1");
            assertEquals(1, found.size(), "the journal entry is found by the adapted accession");
            String raw = get(e, "/api/messages/" + found.get(0).path("id").asText()).path("raw").asText();
            assertTrue(raw.contains("|QACC1|71250") && raw.contains("ZSU|" + STUDY_UID), "the journal keeps the message as received: " + raw);

            // another sender's order passes the hook unchanged
            String ris = Files.readString(ProjectPaths.project().resolve("test-messages/orm-o01-ris-new-ct/message.hl7"));
            assertEquals("AA", ack(e, ris));
            assertEquals(1, get(e, "/api/worklist?accession=ACC1001").size());

            // after report-to-emr: the EMR's copy carries the site's MSH-5, everything else as the flow made it
            assertEquals("AA", ack(e, report("RPT-1")));
            assertTrue(emr.awaitProcessed(1, Duration.ofSeconds(20)));
            String copy = emr.processedTexts().get(0);
            assertEquals("SITE_EMR", Hl7Text.field(copy, "MSH", 5), copy);
            assertEquals("MAINHOSP", Hl7Text.field(copy, "MSH", 6), copy);
            assertEquals("Report text", Hl7Text.field(copy, "OBX", 5), copy);
            assertEquals(List.of(), emr.hapiErrors());
        }
    }

    @Test
    void siteRoutesReloadBetweenMessagesAndAnInvalidFolderIsRefused() throws Exception {
        Path route = site.resolve("emr-copy.camel.yaml");
        String example = Files.readString(ProjectPaths.project().resolve("docs/site-routes/emr-copy.camel.yaml"));
        Files.writeString(route, example);
        try (MllpReceiver emr = MllpReceiver.start(); TestEngine e = engine(emr, site)) {
            SiteRoutes routes = e.app().engine().context().bean(Engine.SITE_ROUTES);
            assertTrue(ack(e, quirkyOrder()).startsWith("AE "), "without the quirk fix the order has no accession");

            assertEquals("AA", ack(e, report("RPT-1")));
            assertTrue(emr.awaitProcessed(1, Duration.ofSeconds(20)));
            assertEquals("SITE_EMR", Hl7Text.field(emr.processedTexts().get(0), "MSH", 5));

            Files.writeString(route, example.replace("'SITE_EMR'", "'SITE_EMR_V2'"));
            routes.reload();
            assertEquals("AA", ack(e, report("RPT-2")));
            assertTrue(emr.awaitProcessed(2, Duration.ofSeconds(20)));
            assertEquals("SITE_EMR_V2", Hl7Text.field(emr.processedTexts().get(1), "MSH", 5));

            // refused with the file and line; the running routes stay
            Files.writeString(site.resolve("broken.camel.yaml"), "- route:\n    id: site-broken\n    from: [unclosed\n");
            SiteRouteException bad = assertThrows(SiteRouteException.class, routes::reload);
            assertTrue(bad.getMessage().contains("broken.camel.yaml, line "), bad.getMessage());
            Files.writeString(site.resolve("broken.camel.yaml"), "- route:\n    from:\n      uri: direct:site-before-forward\n");
            bad = assertThrows(SiteRouteException.class, routes::reload);
            assertTrue(bad.getMessage().contains("needs an id starting with \"site-\""), bad.getMessage());
            assertEquals("AA", ack(e, report("RPT-3")));
            assertTrue(emr.awaitProcessed(3, Duration.ofSeconds(20)));
            assertEquals("SITE_EMR_V2", Hl7Text.field(emr.processedTexts().get(2), "MSH", 5));

            // a failing site route: the message is answered AR 207 naming the route, nothing is queued
            Files.delete(site.resolve("broken.camel.yaml"));
            Files.writeString(route, """
                    - route:
                        id: site-failing
                        from:
                          uri: direct:site-after-report-to-emr
                          steps:
                            - throwException:
                                exceptionType: java.lang.IllegalStateException
                                message: no such receiver
                    """);
            routes.reload();
            String nak = e.send(report("RPT-4"));
            assertEquals("AR", Hl7Text.field(nak, "MSA", 1), nak);
            assertTrue(nak.contains("site route site-after-report-to-emr failed: IllegalStateException: no such receiver"), nak);

            // a before-hook added by a reload: the quirky sender's resent order is now accepted
            Files.copy(ProjectPaths.project().resolve("docs/site-routes/quirky-ris.camel.yaml"), site.resolve("quirky-ris.camel.yaml"));
            routes.reload();
            assertEquals("AA", ack(e, quirkyOrder()));
            assertEquals(1, get(e, "/api/worklist?accession=QACC1").size());

            // no site route left: the hooks are no longer called
            Files.delete(route);
            Files.delete(site.resolve("quirky-ris.camel.yaml"));
            routes.reload();
            assertEquals(List.of(), routes.routeIds());
            assertEquals("AA", ack(e, report("RPT-5")));
            assertTrue(emr.awaitProcessed(4, Duration.ofSeconds(20)));
            assertEquals("DEMO_EMR", Hl7Text.field(emr.processedTexts().get(3), "MSH", 5));
        }
    }
}
