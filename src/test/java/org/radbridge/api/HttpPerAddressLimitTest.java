package org.radbridge.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.radbridge.testing.TestEngine;

/**
 * docs/security.md §2.1 (HTTP limits), radbridge.http.max-connections-per-address: one address (127.0.0.2; Linux
 * routes all of 127.0.0.0/8 to loopback) opens more slow connections — each an unfinished request head — than
 * its per-address cap and than the global cap (radbridge.http.max-connections) would allow. Connections over its
 * cap are closed at once and counted in /metrics, so the address never holds all the slots and /health from
 * 127.0.0.1 is answered within {@link HttpSlowClientsTest#BOUND_MS} (before, it waited in the accept backlog
 * until the request deadline freed a slot).
 */
class HttpPerAddressLimitTest {

    static final int MAX_CONNECTIONS = 8;
    static final int PER_ADDRESS = 4;
    static final int SLOW = 20;

    @Test
    void oneAddressCannotHoldEveryConnectionSlot() throws Exception {
        InetAddress attacker = InetAddress.getByName("127.0.0.2");
        try (Socket probe = new Socket()) {
            probe.bind(new InetSocketAddress(attacker, 0));
        } catch (IOException e) {
            assumeTrue(false, "cannot bind 127.0.0.2 here: " + e);
        }
        try (TestEngine e = TestEngine.start(Map.of("radbridge.http.max-connections", String.valueOf(MAX_CONNECTIONS),
                "radbridge.http.max-connections-per-address", String.valueOf(PER_ADDRESS),
                "radbridge.http.request-timeout-seconds", "60"))) {
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < SLOW; i++) {
                    Socket s = new Socket();
                    s.bind(new InetSocketAddress(attacker, 0));
                    s.connect(new InetSocketAddress("127.0.0.1", e.httpPort()), 5_000);
                    try {
                        s.getOutputStream().write("GET /api/messages HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                    } catch (IOException closed) {
                        // refused at once: fine
                    }
                    slow.add(s);
                }
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
                long t0 = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.httpPort() + "/health"))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertEquals(200, r.statusCode(), r.body());
                assertTrue(ms < HttpSlowClientsTest.ASSERTED_MS, "/health took " + ms + " ms while 127.0.0.2 held slow connections");
                int closed = 0;
                for (Socket s : slow) {
                    if (HttpSlowClientsTest.closedWithin(s, 200)) {
                        closed++;
                    }
                }
                assertTrue(closed >= SLOW - PER_ADDRESS, "connections over the per-address cap are closed at once: " + closed);
                String metrics = e.get("/metrics").body();
                Matcher m = Pattern.compile("(?m)^radbridge_http_per_address_refusals(?:\\{[^}]*\\})? ([0-9.]+)").matcher(metrics);
                assertTrue(m.find(), "radbridge_http_per_address_refusals in /metrics");
                assertTrue(Double.parseDouble(m.group(1)) >= SLOW - PER_ADDRESS, "counted: " + m.group());
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }
}
