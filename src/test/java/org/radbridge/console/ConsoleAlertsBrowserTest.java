package org.radbridge.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.radbridge.console.testing.Browser;
import org.radbridge.console.testing.ConsoleHttp;
import org.radbridge.testing.Scenarios;
import org.radbridge.testing.TestEngine;

/**
 * An alert of mappings/alerts.yaml firing and resolving on the console's dashboard (issue 12, docs/alerts.md) in a
 * real Chromium: a signed-out visitor of /console/ is sent to sign-in; signed in, the dashboard stays open in one tab
 * while the EMR destination is paused on the outbox page in another; the dashboard's self-refreshing part
 * (data-refresh, no reload) then lists the destination-paused alert (severity badge, subject, detail, since), and
 * after the destination is resumed no longer does; fire and resolve are in the audit trail (type ALERT). The
 * dashboard's "details and rules" link leads to /console/alerts (phi-read: a replay-only principal sees the
 * dashboard's alerts but neither the link nor the page).
 */
class ConsoleAlertsBrowserTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final By PAUSED_ALERT = By.cssSelector("#dashboard #alerts tr.alert[data-rule='destination-paused'][data-subject='emr']");

    @Test
    void pausedDestinationAlertFiresAndResolvesOnTheDashboard() throws Exception {
        Path overlay = Files.createTempDirectory("alerts-overlay");
        Files.writeString(overlay.resolve("alerts.yaml"), """
                defaults:
                  repeat-seconds: 3600
                  notify: []
                rules:
                  - name: destination-paused
                    kind: destination-paused
                    severity: warning
                    repeat-seconds: 14400
                  - name: dead-letter
                    kind: dead-letter
                    severity: critical
                """);
        // a second principal with the replay role only: the dashboard, but not the alerts page
        Path tokens = Files.createTempFile("console-tokens", ".yaml");
        Files.writeString(tokens, ConsoleRolesTest.tokens("ops", "s3cr3t-ops", "replay"));
        try (TestEngine engine = TestEngine.start(Map.of("radbridge.mappings.overlay-dir", overlay.toString(),
                "radbridge.api.tokens-file", tokens.toString(), "radbridge.alerts.interval-seconds", "1"));
                Browser browser = Browser.start(engine)) {
            // some traffic, so that the dashboard looks like a working day's
            Set<Path> sent = new HashSet<>();
            for (String scenario : List.of("orm-o01-ris-new-ct", "oru-r01-report", "omg-o19-emr-order")) {
                List<Path> files = new ArrayList<>(Scenarios.prerequisites(Scenarios.dir(scenario)));
                files.addAll(Scenarios.messages(Scenarios.dir(scenario)));
                for (Path f : files) {
                    if (sent.add(f)) {
                        assertTrue(engine.send(Files.readString(f)).contains("MSA|A"));
                    }
                }
            }

            // signed out: /console/ sends to sign-in, and nothing of the dashboard is shown
            browser.open("/console/");
            browser.waitUntil(d -> browser.path().startsWith("/console/login?next="));
            assertFalse(browser.pageText().contains("Active alerts"), browser.pageText());

            browser.signIn(TestEngine.ADMIN_TOKEN);
            assertEquals("/console/", browser.path());
            browser.waitFor(By.id("no-alerts"));
            assertEquals("0", browser.text(By.cssSelector("#card-alerts .n")));
            WebDriver d = browser.driver();
            ((JavascriptExecutor) d).executeScript("window.rbNotReloaded = true;");
            String dashboard = d.getWindowHandle();

            // pause the EMR on the outbox page in a second tab; the dashboard tab stays as it is
            d.switchTo().newWindow(WindowType.TAB);
            String outbox = d.getWindowHandle();
            browser.open("/console/outbox");
            browser.click(By.xpath("//tr[@id='dest-emr']//button[text()='Pause']"));
            browser.waitUntil(x -> browser.text(By.id("dest-emr")).contains("paused"));

            d.switchTo().window(dashboard);
            WebElement row = longWait(d, x -> x.findElements(PAUSED_ALERT).stream().findFirst().orElse(null));
            assertEquals(Boolean.TRUE, ((JavascriptExecutor) d).executeScript("return window.rbNotReloaded === true;"),
                    "the refreshed part shows the alert without a reload");
            List<WebElement> cells = row.findElements(By.tagName("td"));
            WebElement badge = cells.get(0).findElement(By.cssSelector("span.sev"));
            assertEquals("warning", badge.getText().toLowerCase(java.util.Locale.ROOT));
            assertTrue(badge.getAttribute("class").contains("warn"), badge.getAttribute("class"));
            assertEquals("rgba(255, 248, 197, 1)", badge.getCssValue("background-color"), "the warning badge is yellow");
            assertEquals("destination-paused", cells.get(1).getText());
            assertEquals("emr", cells.get(2).getText());
            assertTrue(cells.get(3).getText().startsWith("destination paused"), cells.get(3).getText());
            assertTrue(cells.get(4).getText().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d.* \\(\\d+ (s|min) ago\\)"), cells.get(4).getText());
            assertEquals("1", browser.text(By.cssSelector("#card-alerts .n")));
            assertTrue(browser.text(By.id("outbox")).contains("paused"), browser.text(By.id("outbox")));
            assertFalse(browser.pageText().contains("PAT1001"), "no patient data on the dashboard");
            browser.screenshot("dashboard-alert");

            ConsoleHttp ops = new ConsoleHttp(engine);
            assertEquals(303, ops.signIn("ops.s3cr3t-ops").statusCode());
            String opsDashboard = ops.get("/console/").body();
            assertTrue(opsDashboard.contains("data-rule=\"destination-paused\""), "any signed-in principal sees the alerts");
            assertFalse(opsDashboard.contains("href=\"/console/alerts\""), "no link to a page the role does not allow");
            assertEquals(403, ops.get("/console/alerts").statusCode(), "the alerts page needs phi-read, like GET /api/alerts");
            assertEquals(browser.base() + "/console/outbox?destination=emr", cells.get(2).findElement(By.tagName("a")).getAttribute("href"));
            String details = d.findElement(By.id("all-alerts")).getAttribute("href");

            // the alerts page (the dashboard's "details and rules"): what GET /api/alerts gives, and the rules in force
            d.switchTo().window(outbox);
            browser.open(details);
            WebElement full = browser.waitFor(By.cssSelector("#rule-alerts tr.alert[data-rule='destination-paused'][data-subject='emr']"));
            String line = full.getText();
            assertTrue(line.contains("destination-paused destination-paused emr destination paused"), line);
            assertTrue(line.endsWith(" 1"), "one notification (the fire): " + line);
            String rules = browser.text(By.id("rules"));
            assertTrue(rules.contains("destination-paused destination-paused warning 4 h 0 min"), rules);
            assertTrue(rules.contains("dead-letter dead-letter critical 60 min"), rules);
            assertEquals("critical", d.findElement(By.xpath("//table[@id='rules']//tr[td[1]='dead-letter']//span")).getAttribute("class")
                    .replace("sev ", ""));
            String other = browser.text(By.id("other-alerts"));
            assertTrue(other.contains("role-refused") && other.contains("role phi-read required"), "the refused page view above: " + other);
            browser.screenshot("alerts");

            // resume in the outbox tab: the alert resolves and leaves the dashboard, again without a reload
            browser.open("/console/outbox");
            browser.click(By.xpath("//tr[@id='dest-emr']//button[text()='Resume']"));
            browser.waitUntil(x -> browser.text(By.id("dest-emr")).contains("running"));
            d.switchTo().window(dashboard);
            // (the refused page view above stays listed as a security alert of the last hour)
            longWait(d, x -> x.findElements(PAUSED_ALERT).isEmpty()
                    && !x.findElements(By.cssSelector("#dashboard #alerts tr.alert[data-rule='role-refused']")).isEmpty());
            assertEquals(Boolean.TRUE, ((JavascriptExecutor) d).executeScript("return window.rbNotReloaded === true;"));
            assertEquals("1", browser.text(By.cssSelector("#card-alerts .n")));

            // fired once and resolved once, audited
            JsonNode audit = JSON.readTree(engine.get("/api/audit?type=ALERT").body());
            List<String> events = new ArrayList<>();
            for (JsonNode a : audit) {
                assertEquals("destination-paused/emr", a.path("objectId").asText(), a.toString());
                events.add(JSON.readTree(a.path("detail").asText()).path("event").asText());
            }
            assertEquals(List.of("fire", "resolve"), events.stream().sorted().toList(), audit.toString());
            assertEquals(0, JSON.readTree(engine.get("/api/alerts").body()).path("alerts").size());
        } finally {
            Files.deleteIfExists(overlay.resolve("alerts.yaml"));
            Files.deleteIfExists(tokens);
            Files.deleteIfExists(overlay);
        }
    }

    /** Up to 90 s: the dashboard refreshes every 15 s and the alert engine evaluates every second, on a loaded machine. */
    static <T> T longWait(WebDriver d, Function<WebDriver, T> condition) {
        return new WebDriverWait(d, Duration.ofSeconds(90), Duration.ofMillis(200)).until(condition::apply);
    }
}
