package org.radbridge.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.radbridge.engine.http.Principal;
import org.radbridge.settings.ConfigException;
import org.radbridge.settings.Settings;

/** The console's small parts: escaping, CSV, sessions and their idle timeout, OIDC role mapping, settings, masking. */
class ConsoleUnitsTest {

    @Test
    void htmlEscapesEveryValue() {
        String evil = "<script>alert('x')</script>\"&";
        Html h = new Html().f("<td title=\"{}\">{}</td>", evil, evil);
        assertFalse(h.toString().contains("<script>"));
        assertEquals("<td title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;\">"
                + "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;</td>", h.toString());
        assertEquals("a\uFFFDb", Html.esc("a\u0001b"));
        assertThrows(IllegalArgumentException.class, () -> new Html().f("{} {}", "one"));
        assertEquals("PAT%5EHOSP%20X", Html.url("PAT^HOSP X"));
    }

    @Test
    void csvQuotesAndNeutralisesFormulas() {
        assertEquals("a,\"b,c\",\"d\"\"e\",'=SUM(A1)\r\n", Csv.row("a", "b,c", "d\"e", "=SUM(A1)"));
        assertEquals("", Csv.field(null));
    }

    @Test
    void sessionsExpireWhenIdleAndRotateAtSignIn() throws Exception {
        Sessions s = new Sessions(150);
        Session anon = s.create();
        assertSame(anon, s.get(anon.id()));
        Session in = s.signIn(anon, new Principal("alice", Set.of(Principal.PHI_READ)), "token");
        assertNull(s.get(anon.id()), "the anonymous id ends at sign-in");
        assertTrue(in.may(Principal.PHI_READ) && in.may(null) && !in.may(Principal.ADMIN));
        assertFalse(in.id().equals(anon.id()) || in.csrf().equals(anon.csrf()));
        long deadline = System.currentTimeMillis() + 10_000;
        while (s.get(in.id()) != null) {
            assertTrue(System.currentTimeMillis() < deadline);
            // each get() is a use of the session and restarts its idle time: the pause between looks is the idle
            // period under test (time is the input), longer than the timeout
            Thread.sleep(400);
        }
        assertNull(s.get(in.id()), "idle longer than the timeout: gone");
        assertTrue(Sessions.same("abc", "abc") && !Sessions.same("abc", "abd") && !Sessions.same(null, null));
        assertTrue(Sessions.random(32).length() >= 43);
    }

    @Test
    void oidcRolesFromAClaimPathAndAMap() {
        Map<String, Object> claims = Map.of("realm_access", Map.of("roles", List.of("radiology-analyst", "x")), "roles", "phi-read admin");
        assertEquals(Set.of("phi-read", "admin"), OidcSignIn.roles(OidcSignIn.claim(claims, "roles"), ""));
        assertEquals(Set.of("phi-read"), OidcSignIn.roles(OidcSignIn.claim(claims, "realm_access.roles"), "radiology-analyst=phi-read"));
        assertEquals(Set.of(), OidcSignIn.roles(OidcSignIn.claim(claims, "realm_access.roles"), ""), "unknown names give no role");
        assertNull(OidcSignIn.claim(claims, "groups.x"));
        assertEquals(Set.of(), OidcSignIn.roles(null, ""));
    }

    @Test
    void settingsAreValidated() {
        ConsoleSettings d = ConsoleSettings.of(Settings.of(Map.of()));
        assertEquals(30, d.idleMinutes());
        assertFalse(d.oidc().enabled());
        assertFalse(d.secureCookie(false));
        assertTrue(d.secureCookie(true));
        assertTrue(ConsoleSettings.of(Settings.of(Map.of("radbridge.console.cookie-secure", "true"))).secureCookie(false));
        assertEquals("radbridge.console.session-idle-minutes", assertThrows(ConfigException.class,
                () -> Settings.of(Map.of("radbridge.console.session-idle-minutes", "0")).validate()).property());
        assertEquals("radbridge.console.oidc.client-id", assertThrows(ConfigException.class,
                () -> Settings.of(Map.of("radbridge.console.oidc.issuer", "https://login.example/t")).validate()).property());
        assertEquals("radbridge.console.oidc.role-map", assertThrows(ConfigException.class,
                () -> ConsoleSettings.of(Settings.of(Map.of("radbridge.console.oidc.issuer", "https://idp", "radbridge.console.oidc.client-id",
                        "c", "radbridge.console.oidc.role-map", "garbage")))).property());
        assertEquals("radbridge.console.disclosure-purposes", assertThrows(ConfigException.class,
                () -> ConsoleSettings.of(Settings.of(Map.of("radbridge.console.disclosure-purposes", "emr")))).property());
        ConsoleSettings.of(Settings.of(Map.of("radbridge.console.disclosure-purposes", "emr=Treatment (164.506(c)); fhir=Operations")));
        assertNotNull(ConsoleSettings.of(Settings.of(Map.of("radbridge.console.oidc.issuer", "https://idp", "radbridge.console.oidc.client-id",
                "c", "radbridge.console.oidc.redirect-uri", "https://rb.example:8443/console/oidc/callback"))));
    }

    @Test
    void secretsAreMasked() {
        assertEquals("***", ConfigPage.shown("radbridge.console.oidc.client-secret", "abc"));
        assertEquals("***", ConfigPage.shown("radbridge.admin.token", "abc"));
        assertEquals("", ConfigPage.shown("radbridge.db.password", ""));
        assertEquals("jdbc:postgresql://db/rb?user=rb&password=***", ConfigPage.shown("radbridge.db.url", "jdbc:postgresql://db/rb?user=rb&password=pw"));
        assertEquals("http://u:***@orthanc:8042", ConfigPage.shown("radbridge.availability.orthanc.url", "http://u:pw@orthanc:8042"));
        assertEquals("8080", ConfigPage.shown("radbridge.http.port", "8080"));
    }
}
