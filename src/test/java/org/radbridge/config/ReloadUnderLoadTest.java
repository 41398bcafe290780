package org.radbridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.fhir.testing.FhirFlows;
import org.radbridge.mllp.MllpClient;
import org.radbridge.store.Tx;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.TestEngine;

/**
 * Reloads while orders arrive on two connections: every order is answered AA and gets its Bundle, every reload is
 * applied, and every journal entry names a digest that was in force (never none): the swap happens between messages.
 */
class ReloadUnderLoadTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void reloadsBetweenMessagesLoseAndMixNothing(@TempDir Path overlay) throws Exception {
        Path codes = Files.createDirectories(overlay.resolve("codes"));
        String systems = Files.readString(ProjectPaths.project().resolve("mappings/codes/identifier-systems.yaml"));
        try (TestEngine engine = TestEngine.start(Map.of("radbridge.mappings.overlay-dir", overlay.toString()))) {
            assertTrue(engine.app().camel().getRoutePolicyFactories().stream().anyMatch(f -> f instanceof ConfigGate),
                    "every route is gated (ConfigGate is the engine's route policy factory)");
            Set<String> digests = ConcurrentHashMap.newKeySet();
            digests.add(JSON.readTree(engine.get("/api/config").body()).path("digest").asText());
            int perSender = 15;
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                Thread th = new Thread(() -> {
                    try (MllpClient c = engine.client()) {
                        for (int i = 0; i < perSender; i++) {
                            String msg = FhirFlows.message("orm-o01-ris-new-ct", "message.hl7", "1001", FhirFlows.uniqueNumber());
                            String ack = new String(c.exchange(msg.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);
                            if (!ack.contains("MSA|AA")) {
                                throw new AssertionError("not AA: " + ack);
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                th.start();
                senders.add(th);
            }
            for (int i = 0; i < 6; i++) {
                Files.writeString(codes.resolve("identifier-systems.yaml"), systems + "# reload " + i + "\n");
                var r = engine.post("/api/config/reload", "");
                assertEquals(200, r.statusCode(), r.body());
                digests.add(JSON.readTree(r.body()).path("digest").asText());
            }
            for (Thread th : senders) {
                th.join(120_000);
            }
            if (failure.get() != null) {
                throw new AssertionError("a sender failed", failure.get());
            }
            List<String> recorded = engine.app().engine().context().db().read(c -> Tx.query(c,
                    "SELECT config_digest FROM messages WHERE message_type LIKE 'ORM%'", rs -> String.valueOf(rs.getString(1))));
            assertEquals(2 * perSender, recorded.size());
            assertTrue(digests.containsAll(recorded), "every entry names a digest that was in force: " + recorded + " of " + digests);
            FhirFlows.awaitEntries(engine, 2 * perSender, 30_000);
            assertEquals("[ ]", engine.get("/api/held").body().strip());
        }
    }
}
