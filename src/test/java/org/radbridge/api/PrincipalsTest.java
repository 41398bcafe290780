package org.radbridge.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.engine.http.Principal;
import org.radbridge.testing.Waits;

/** The tokens file (radbridge.api.tokens-file) and bearer token authentication. */
class PrincipalsTest {

    @TempDir
    Path dir;

    Path file(String yaml) throws Exception {
        Path f = dir.resolve("tokens.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    static String hash(String secret) {
        return "sha256:" + HexFormat.of().formatHex(Principals.sha256(secret));
    }

    @Test
    void namedTokenAndBootstrapAdmin() throws Exception {
        Principals p = Principals.load("boot-admin", file("tokens:\n  - id: ops-alice\n    hash: " + hash("s3cret")
                + "\n    roles: [phi-read, replay]\n"));
        Principal alice = p.authenticate("Bearer ops-alice.s3cret");
        assertEquals("ops-alice", alice.name());
        assertEquals(Set.of("phi-read", "replay"), alice.roles());
        assertTrue(alice.has("replay") && !alice.has("admin") && !alice.has("webhook"));
        assertNull(p.authenticate("Bearer ops-alice.wrong"));
        assertNull(p.authenticate("Bearer ops-bob.s3cret"));
        assertNull(p.authenticate("Basic b3BzOnM="));
        assertNull(p.authenticate(null));
        Principal admin = p.authenticate("bearer boot-admin");
        assertEquals("admin", admin.name());
        assertTrue(admin.has("webhook") && admin.has("phi-read"));
        assertEquals("ops-alice", p.presentedId("Bearer ops-alice.wrong"));
        assertNull(p.presentedId("Bearer boot.admin-typo"), "an id that is not configured may be part of a secret: not recorded");
    }

    @Test
    void badFilesStopStartUpNamingTheProblem() throws Exception {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Principals.load(null,
                file("tokens:\n  - id: x\n    hash: " + hash("a") + "\n    roles: [superuser]\n")));
        assertTrue(e.getMessage().contains("radbridge.api.tokens-file") && e.getMessage().contains("superuser"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> Principals.load(null,
                file("tokens:\n  - id: x\n    hash: md5:abc\n    roles: [admin]\n")));
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> Principals.load(null, file("tokens:\n  - id: x\n    hash: " + hash("a")
                + "\n    roles: [admin]\n  - id: x\n    hash: " + hash("b") + "\n    roles: [admin]\n")));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
    }

    @Test
    void tokensFileChangesTakeEffectWithoutRestart() throws Exception {
        Path f = file("tokens:\n  - id: ops-alice\n    hash: " + hash("a1") + "\n    roles: [phi-read]\n");
        Principals p = Principals.load(null, f);
        assertEquals("ops-alice", p.authenticate("Bearer ops-alice.a1").name());
        // alice revoked, bob added (written to a new file and renamed over the old one)
        Path next = dir.resolve("tokens.yaml.new");
        Files.writeString(next, "tokens:\n  - id: ops-bob\n    hash: " + hash("b2") + "\n    roles: [admin]\n");
        Files.move(next, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Waits.until("the file read again (at most once a second)", Duration.ofSeconds(10), () -> p.authenticate("Bearer ops-alice.a1") == null);
        assertNull(p.authenticate("Bearer ops-alice.a1"), "revoked");
        assertEquals("ops-bob", p.authenticate("Bearer ops-bob.b2").name());
        Files.writeString(f, "tokens: [ {id: broken");
        Waits.holds("the previous tokens kept past a re-read", Duration.ofMillis(1500), () -> p.authenticate("Bearer ops-bob.b2") != null);
        assertEquals("ops-bob", p.authenticate("Bearer ops-bob.b2").name(), "an unreadable file keeps the previous tokens");
    }
}
