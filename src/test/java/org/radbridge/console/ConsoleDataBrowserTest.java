package org.radbridge.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.radbridge.console.testing.Browser;
import org.radbridge.testing.DcmjsDimse;
import org.radbridge.testing.MllpReceiver;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.TestEngine;

/**
 * The console's data pages in a real Chromium (issue 12 part B): an order (ORM^O01 over MLLP), its MPPS N-CREATE and
 * N-SET from dcmjs-dimse as the modality, and its report (ORU^R01) go through the engine with a real MLLP EMR
 * receiver; then search by accession, the message view (field names on hover), reprocess, the order timeline, the
 * outbox (pause, retry, resume) and the worklist are driven through the pages, and each page is saved to
 * docs/console/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleDataBrowserTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static MllpReceiver emr;
    static TestEngine engine;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        emr = MllpReceiver.start();
        engine = TestEngine.start(Map.of("radbridge.emr.mllp", emr.address(), "radbridge.outbox.backoff-initial-ms", "50",
                "radbridge.outbox.backoff-max-ms", "500", "radbridge.outbox.poll-ms", "100"));
        Path tm = ProjectPaths.testMessages();
        ack(engine.send(Files.readString(tm.resolve("orm-o01-ris-new-ct/message.hl7"), StandardCharsets.ISO_8859_1)));
        mpps(tm.resolve("mpps-scheduled/mpps.json"));
        ack(engine.send(Files.readString(tm.resolve("oru-r01-report/message.hl7"), StandardCharsets.UTF_8)));
        mpps(tm.resolve("mpps-unscheduled/mpps.json")); // for the reconciliation page
        browser = Browser.start(engine);
        browser.signIn(TestEngine.ADMIN_TOKEN);
    }

    static void ack(String ack) {
        assertTrue(ack.contains("MSA|AA"), ack);
    }

    /** The modality's associations of an mpps.json (N-CREATE, N-SET ...) through dcmjs-dimse. */
    static void mpps(Path json) throws Exception {
        for (JsonNode a : JSON.readTree(json.toFile())) {
            if (!a.has("steps")) {
                continue;
            }
            List<Map<String, Object>> steps = new ArrayList<>();
            for (JsonNode s : a.path("steps")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = JSON.convertValue(s, Map.class);
                m.putIfAbsent("sopClass", "1.2.840.10008.3.1.2.3.3");
                steps.add(m);
            }
            for (JsonNode r : DcmjsDimse.scu("127.0.0.1", engine.dicomPort(), a.path("callingAe").asText("CT01"), "RADBRIDGE", steps)) {
                assertFalse(r.has("error"), r.toString());
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (emr != null) {
            emr.close();
        }
    }

    /** Waits until nothing is waiting in the outbox of a destination. */
    static void drained(String destination) throws Exception {
        long end = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < end) {
            JsonNode list = JSON.readTree(engine.get("/api/outbox?destination=" + destination + "&limit=1000").body());
            boolean busy = false;
            for (JsonNode n : list) {
                busy |= !List.of("DONE", "SKIPPED").contains(n.path("state").asText());
            }
            if (!busy && list.size() > 0) {
                return;
            }
            Thread.sleep(100); // poll interval of the deadline loop above (the outbox has no completion callback)
        }
        throw new AssertionError("outbox of " + destination + " not drained");
    }

    @Test
    @Order(1)
    void searchByAccessionThenMessageView() throws Exception {
        browser.open("/console/messages");
        WebElement q = browser.waitFor(By.id("q"));
        q.sendKeys("accession:ACC1001");
        q.submit();
        browser.waitUntil(d -> browser.path().contains("q=accession"));
        String results = browser.text(By.id("results"));
        assertTrue(results.contains("ORM^O01") && results.contains("ORU^R01"), results);
        assertTrue(results.contains("TESTER^ANNA"), "the patient name column: " + results);
        browser.screenshot("messages");

        browser.click(By.xpath("//table[@id='results']//tr[td[contains(., 'ORM^O01')]]//a[1]"));
        browser.waitFor(By.id("raw"));
        assertTrue(browser.path().startsWith("/console/messages/"));
        WebElement name = browser.waitFor(By.xpath("//pre[@id='raw']//span[@title='PID-5 Patient Name']"));
        assertEquals("TESTER^ANNA^MARIA^JR^DR", name.getText());
        assertFalse(browser.driver().findElements(By.xpath("//pre[@id='raw']//span[@title='OBR-18 Placer Field 1 (Accession Number)']")).isEmpty());
        assertTrue(browser.text(By.id("ack")).contains("MSA|AA"));
        assertTrue(browser.text(By.id("history")).contains("EFFECT"), "effects are listed");
        browser.screenshot("message");
    }

    @Test
    @Order(2)
    void reprocessTheReportIsAudited() throws Exception {
        JsonNode list = JSON.readTree(engine.get("/api/messages?type=ORU%5ER01&accession=ACC1001").body());
        long id = list.get(0).path("id").asLong();
        browser.open("/console/messages/" + id);
        browser.click(By.xpath("//button[text()='Reprocess']"));
        String flash = browser.waitUntil(d -> {
            String t = browser.pageText();
            return t.contains("Reprocessed message " + id) ? t : null;
        });
        assertTrue(flash.contains("REPROCESSED") || browser.text(By.id("history")).contains("REPROCESSED"));
        JsonNode audit = JSON.readTree(engine.get("/api/audit?limit=1000").body());
        boolean found = false;
        for (JsonNode a : audit) {
            found |= a.path("objectType").asText().equals("hl7-message") && a.path("objectId").asText().equals(String.valueOf(id))
                    && a.path("detail").asText().contains("reprocess") && "admin".equals(a.path("principal").asText());
        }
        assertTrue(found, "the reprocess is in the audit trail with the principal");
    }

    @Test
    @Order(3)
    void orderTimelineAfterOrderMppsAndReport() throws Exception {
        drained("emr");
        browser.open("/console/orders");
        WebElement a = browser.waitFor(By.id("accession"));
        a.sendKeys("ACC1001");
        a.submit();
        browser.waitUntil(d -> browser.path().equals("/console/orders/ACC1001"));
        String t = browser.text(By.id("timeline"));
        assertTrue(t.contains("order new (NW)"), t);
        assertTrue(t.contains("N-CREATE") && t.contains("N-SET"), t);
        assertTrue(t.contains("MPPS COMPLETED"), t);
        assertTrue(t.contains("report received"), t);
        assertTrue(t.contains("queued for emr") && t.contains("delivery to emr"), t);
        assertTrue(t.contains("step scheduled"), t);
        assertTrue(browser.text(By.id("steps")).contains("COMPLETED"));
        browser.screenshot("order-timeline");
    }

    @Test
    @Order(4)
    void outboxPauseRedeliverRetryResume() throws Exception {
        browser.open("/console/outbox");
        browser.click(By.xpath("//tr[@id='dest-emr']//button[text()='Pause']"));
        browser.waitUntil(d -> browser.text(By.id("dest-emr")).contains("paused"));
        browser.open("/console/outbox?destination=emr&state=DONE");
        browser.click(By.xpath("//table[@id='entries']//button[text()='Redeliver']"));
        browser.waitUntil(d -> browser.pageText().contains("queued again as entry"));
        browser.open("/console/outbox?destination=emr&state=PENDING");
        WebElement retry = browser.waitFor(By.xpath("//table[@id='entries']//button[text()='Retry']"));
        browser.screenshot("outbox");
        retry.click();
        browser.waitUntil(d -> browser.pageText().contains("retry done"));
        assertTrue(browser.text(By.id("dest-emr")).contains("paused"), "still paused: nothing is sent");
        browser.click(By.xpath("//tr[@id='dest-emr']//button[text()='Resume']"));
        browser.waitUntil(d -> browser.text(By.id("dest-emr")).contains("running"));
        drained("emr");
        JsonNode audit = JSON.readTree(engine.get("/api/audit?limit=1000").body());
        List<String> actions = new ArrayList<>();
        for (JsonNode x : audit) {
            String d = x.path("detail").asText();
            for (String a : List.of("pause", "resume", "retry", "redeliver")) {
                if ("admin".equals(x.path("principal").asText()) && d.contains("\"action\":\"" + a + "\"")) {
                    actions.add(a);
                }
            }
        }
        assertTrue(actions.containsAll(List.of("pause", "resume", "retry", "redeliver")), "audited: " + actions);
    }

    @Test
    @Order(5)
    void worklistAndReconciliation() throws Exception {
        browser.open("/console/worklist?date=all");
        String items = browser.text(By.id("items"));
        assertTrue(items.contains("ACC1001") && items.contains("TESTER^ANNA"), items);
        browser.click(By.xpath("//table[@id='items']//summary"));
        WebElement kw = browser.waitFor(By.xpath("//table[contains(@class,'dicom')]//td[@title='Accession Number']"));
        assertEquals("AccessionNumber", kw.getText());
        browser.screenshot("worklist");

        browser.open("/console/reconciliation");
        String mpps = browser.text(By.id("mpps"));
        assertTrue(mpps.contains("IN PROGRESS") || mpps.contains("COMPLETED"), mpps);
        browser.screenshot("reconciliation");
    }

    @Test
    @Order(6)
    void badQueryIsExplainedAndKeysetNextPage() throws Exception {
        browser.open("/console/messages?q=colour:blue");
        assertTrue(browser.text(By.id("search-error")).contains("unknown search key"));
        var r = engine.get("/console/messages"); // signed out (no cookie): sent to sign-in, no patient data
        assertTrue(r.statusCode() == 303 || r.statusCode() == 302 || !r.body().contains("TESTER"), "signed-out: " + r.statusCode());
    }
}
