package org.radbridge.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.radbridge.console.testing.Browser;
import org.radbridge.testing.TestEngine;

/** Sign-in with a token, a wrong token, and a signed-out visitor sent to sign-in, in a real Chromium. */
class ConsoleSignInBrowserTest {

    static TestEngine engine;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        engine = TestEngine.start();
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
    }

    @Test
    void wrongTokenThenTokenThenSignOut() throws Exception {
        browser.open("/");
        browser.waitUntil(d -> browser.path().startsWith("/console/login"));
        assertFalse(browser.pageText().contains("Dashboard"), "a signed-out visitor sees the sign-in form only");
        browser.screenshot("login");

        browser.signIn("not-a-token");
        assertTrue(browser.path().startsWith("/console/login"));
        assertTrue(browser.text(By.id("login-error")).contains("Sign-in failed"));

        browser.signIn(TestEngine.ADMIN_TOKEN);
        assertEquals("/console/", browser.path());
        assertTrue(browser.text(By.tagName("h1")).contains("Dashboard"));
        assertTrue(browser.text(By.cssSelector("header .who")).contains("admin"));

        browser.signOut();
        browser.open("/console/");
        browser.waitUntil(d -> browser.path().startsWith("/console/login?next="));
    }
}
