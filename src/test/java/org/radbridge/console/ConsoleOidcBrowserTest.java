package org.radbridge.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.radbridge.audit.JdbcAuditTrail;
import org.radbridge.console.testing.Browser;
import org.radbridge.testing.TestEngine;

/**
 * OpenID Connect sign-in (authorization code + PKCE) against a real OpenID provider started here
 * (no.nav.security mock-oauth2-server: discovery, JWKS, authorization and token endpoints, signed ID tokens), in a
 * real Chromium: the roles come from the configured claim (mapped), a user without a RadBridge role is refused.
 */
class ConsoleOidcBrowserTest {

    static MockOAuth2Server idp;
    static TestEngine engine;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        idp = new MockOAuth2Server();
        idp.start();
        engine = TestEngine.start(Map.of(
                "radbridge.console.oidc.issuer", idp.issuerUrl("hospital").toString(),
                "radbridge.console.oidc.client-id", "radbridge-console",
                "radbridge.console.oidc.client-secret", "console-secret",
                "radbridge.console.oidc.roles-claim", "realm_access.roles",
                "radbridge.console.oidc.role-map", "radiology-analyst=phi-read,radiology-oncall=replay"));
        browser = Browser.start(engine);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (idp != null) {
            idp.shutdown();
        }
    }

    @Test
    void signInWithRolesFromTheClaim() throws Exception {
        idp.enqueueCallback(new DefaultOAuth2TokenCallback("hospital", "a1b2c3", "JWT", List.of("radbridge-console"),
                Map.of("preferred_username", "alice", "realm_access", Map.of("roles", List.of("radiology-analyst", "radiology-oncall",
                        "unrelated"))), 3600));
        browser.open("/console/audit");
        browser.waitUntil(d -> browser.path().startsWith("/console/login"));
        browser.screenshot("login-sso");
        browser.click(By.id("oidc-sign-in"));
        browser.waitUntil(d -> !browser.path().startsWith("/console/login") && !browser.path().startsWith("/console/oidc"));
        assertTrue(browser.text(By.cssSelector("header .who")).contains("oidc:alice"));
        String nav = browser.text(By.cssSelector("header nav"));
        assertTrue(nav.contains("Messages"), nav);
        assertFalse(nav.contains("Audit"), "no admin role, no audit link: " + nav);
        // the page asked for needs admin: refused, and the refusal is audited
        assertEquals("/console/audit", browser.path());
        assertTrue(browser.pageText().contains("needs the role admin"), browser.pageText());
        JdbcAuditTrail trail = (JdbcAuditTrail) engine.app().engine().context().audit();
        assertTrue(trail.list(null, "OPERATOR_ACTION", null, null, 1000).stream()
                .anyMatch(s -> "oidc:alice".equals(s.event().principal()) && s.event().detail().contains("\"via\":\"oidc\"")));
        browser.signOut();
    }

    @Test
    void userWithoutARoleIsRefused() {
        idp.enqueueCallback(new DefaultOAuth2TokenCallback("hospital", "z9", "JWT", List.of("radbridge-console"),
                Map.of("preferred_username", "bob", "realm_access", Map.of("roles", List.of("cafeteria"))), 3600));
        browser.open("/console/login");
        browser.click(By.id("oidc-sign-in"));
        browser.waitUntil(d -> !d.findElements(By.id("login-error")).isEmpty());
        assertTrue(browser.text(By.id("login-error")).contains("without a RadBridge role"));
        browser.open("/console/");
        browser.waitUntil(d -> browser.path().startsWith("/console/login"));
    }
}
