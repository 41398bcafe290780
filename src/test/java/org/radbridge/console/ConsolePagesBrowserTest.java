package org.radbridge.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.JdbcAuditTrail;
import org.radbridge.console.testing.Browser;
import org.radbridge.console.testing.ConsoleHttp;
import org.radbridge.testing.Scenarios;
import org.radbridge.testing.TestEngine;

/**
 * The dashboard, audit, disclosures and configuration pages in a real Chromium, over an engine that received orders,
 * a report (delivered to the EMR's file outbox: disclosures) and a refused message; screenshots to docs/console/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsolePagesBrowserTest {

    static final String PATIENT = "PAT1001^HOSP";
    static final String SECRET = "oidc-client-secret-value-7";
    static TestEngine engine;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        engine = TestEngine.start(Map.of("radbridge.console.oidc.client-secret", SECRET,
                "radbridge.console.disclosure-purposes", "emr=Treatment: results to the ordering provider (45 CFR 164.506(c)(1))"));
        java.util.Set<Path> sent = new java.util.HashSet<>();
        for (String scenario : List.of("orm-o01-ris-new-ct", "oru-r01-report", "omg-o19-emr-order", "orm-o01-ris-change",
                "malformed-unsupported-version", "orm-o01-unmapped-order-control")) {
            List<Path> files = new java.util.ArrayList<>(Scenarios.prerequisites(Scenarios.dir(scenario)));
            files.addAll(Scenarios.messages(Scenarios.dir(scenario)));
            for (Path f : files) {
                if (sent.add(f)) {
                    engine.send(Files.readString(f));
                }
            }
        }
        JdbcAuditTrail trail = (JdbcAuditTrail) engine.app().engine().context().audit();
        org.radbridge.testing.Waits.until("a delivery for " + PATIENT, java.time.Duration.ofSeconds(60),
                () -> trail.list(null, AuditEvent.TRANSMISSION_OUTCOME, PATIENT, null, 1000).stream()
                        .anyMatch(s -> AuditEvent.SUCCESS.equals(s.event().outcome()) && s.event().detail().contains("\"destination\":\"emr\"")));
        browser = Browser.start(engine);
        browser.signIn(TestEngine.ADMIN_TOKEN);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    @Order(1)
    void dashboard() throws Exception {
        // a paused destination with a waiting entry, and a wrong token: shown as paused and as an active alert
        assertEquals(200, engine.post("/api/destinations/emr/pause", "{}").statusCode());
        engine.send(Files.readString(Scenarios.messages(Scenarios.dir("oru-r01-coded-report")).get(0)));
        assertEquals(401, new ConsoleHttp(engine).signIn("wrong-token").statusCode());
        browser.waitUntil(d -> { // the dashboard's figures are cached a few seconds
            browser.open("/console/");
            return "1".equals(d.findElement(By.cssSelector("#card-paused .n")).getText())
                    && !d.findElements(By.id("alerts")).isEmpty();
        });
        WebElement received = browser.waitFor(By.cssSelector("#card-received .n"));
        assertTrue(Integer.parseInt(received.getText()) >= 6, received.getText());
        assertTrue(Integer.parseInt(browser.text(By.cssSelector("#card-failed .n"))) >= 1);
        assertTrue(browser.text(By.id("flows")).contains("order-to-worklist"), browser.text(By.id("flows")));
        assertTrue(browser.text(By.id("outbox")).contains("emr"));
        assertEquals("1", browser.text(By.cssSelector("#card-paused .n")));
        assertTrue(Integer.parseInt(browser.text(By.cssSelector("#card-depth .n"))) >= 1);
        assertTrue(browser.text(By.id("alerts")).contains("invalid-token"), browser.text(By.id("alerts")));
        assertTrue(browser.text(By.id("health")).contains("database"));
        assertFalse(browser.driver().findElements(By.cssSelector("#all-chart rect")).isEmpty(), "the chart has bars");
        assertFalse(browser.pageText().contains("PAT1001"), "no patient data on the dashboard");
        HttpResponse<String> page = http().get("/console/");
        assertTrue(page.body().length() < 200_000, "dashboard " + page.body().length() + " bytes");
        assertFalse(page.body().contains("http://") && page.body().replace("http://www.w3.org/2000/svg", "").contains("http://"),
                "no request outside the engine");
        browser.screenshot("dashboard");
    }

    @Test
    @Order(2)
    void auditSearchAndVerify() throws Exception {
        browser.open("/console/audit?patient=" + java.net.URLEncoder.encode(PATIENT, "UTF-8"));
        String rows = browser.text(By.id("audit-rows"));
        assertTrue(rows.contains("RECEIPT") && rows.contains("TRANSMISSION_OUTCOME"), rows);
        browser.click(By.xpath("//button[text()='Verify the whole chain now']"));
        browser.waitUntil(d -> !d.findElements(By.cssSelector(".flash")).isEmpty());
        assertTrue(browser.text(By.cssSelector(".flash")).startsWith("Audit chain verified: OK"), browser.text(By.cssSelector(".flash")));
        assertTrue(browser.text(By.id("verify-result")).contains("by admin"));
        browser.screenshot("audit");
        // the view with the patient is audited with the principal and the patient
        JdbcAuditTrail trail = (JdbcAuditTrail) engine.app().engine().context().audit();
        assertTrue(trail.list(null, AuditEvent.API_ACCESS, PATIENT, null, 1000).stream()
                .anyMatch(s -> "admin".equals(s.event().principal()) && s.event().objectId().equals("GET /console/audit")));
    }

    @Test
    @Order(3)
    void disclosuresHtmlAndCsv() throws Exception {
        browser.open("/console/disclosures");
        browser.waitFor(By.name("patient")).sendKeys(PATIENT);
        browser.click(By.xpath("//button[text()='Show']"));
        browser.waitFor(By.id("disclosures"));
        assertTrue(Integer.parseInt(browser.text(By.id("disclosure-count"))) >= 1);
        String table = browser.text(By.id("disclosures"));
        assertTrue(table.contains("emr") && table.contains("oru-r01") && table.contains("ORU^R01") && table.contains("45 CFR 164.506(c)(1)"),
                table);
        browser.screenshot("disclosures");
        HttpResponse<String> csv = http().get("/console/disclosures.csv?patient=" + java.net.URLEncoder.encode(PATIENT, "UTF-8"));
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Disposition").orElseThrow().contains("attachment"));
        String[] lines = csv.body().split("\r\n");
        assertEquals("date,patient,recipient,description,purpose,audit_seq", lines[0]);
        assertTrue(lines.length >= 3 && csv.body().contains(",PAT1001^HOSP,emr,\"oru-r01 from ORU^R01 message REP-9001"), csv.body());
        JdbcAuditTrail trail = (JdbcAuditTrail) engine.app().engine().context().audit();
        assertTrue(trail.list(null, AuditEvent.API_ACCESS, PATIENT, null, 1000).stream()
                .anyMatch(s -> s.event().objectId().equals("GET /console/disclosures.csv")));
    }

    @Test
    @Order(4)
    void configWithMaskedSecret() throws Exception {
        browser.open("/console/config");
        String props = browser.text(By.id("properties"));
        assertTrue(props.contains("radbridge.console.oidc.client-secret"), props);
        assertTrue(props.contains("radbridge.admin.token ***"), props);
        assertFalse(browser.driver().getPageSource().contains(SECRET), "the secret is masked");
        assertFalse(browser.driver().getPageSource().contains(TestEngine.ADMIN_TOKEN), "the token is masked");
        assertTrue(browser.text(By.id("findings")).contains("configuration OK"));
        assertTrue(browser.text(By.id("mapping-files")).contains("peers/hl7-senders.yaml"));
        assertTrue(browser.text(By.id("destinations")).contains("emr"));
        browser.screenshot("config");
    }

    static ConsoleHttp http() throws Exception {
        ConsoleHttp h = new ConsoleHttp(engine);
        assertEquals(303, h.signIn(TestEngine.ADMIN_TOKEN).statusCode());
        return h;
    }
}
