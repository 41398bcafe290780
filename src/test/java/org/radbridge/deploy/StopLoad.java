package org.radbridge.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.radbridge.mllp.MllpClient;

/**
 * Clients that keep sending distinct RIS orders (OMI^O23 from the known sender DEMO_RIS) over MLLP while the engine
 * is stopped, recording which control ids were answered AA; then {@link #assertJournaledOnce} checks, after a
 * restart, that each of them is in the journal exactly once (GET /api/messages?controlId=). Shared by the
 * in-JVM, the process and the container graceful-stop tests.
 */
final class StopLoad implements AutoCloseable {

    private final String host;
    private final int port;
    private final String prefix;
    private final Set<String> acked = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger unanswered = new AtomicInteger();
    private final AtomicInteger other = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    StopLoad(String host, int port, String prefix) {
        this.host = host;
        this.port = port;
        this.prefix = prefix;
    }

    /** Starts {@code clients} connections, each sending one order after the other (reconnecting after a failure). */
    StopLoad start(int clients) {
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread t = new Thread(() -> loop(client), "stop-load-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        return this;
    }

    private void loop(int client) {
        int n = 0;
        MllpClient conn = null;
        while (running) {
            String id = prefix + client + "-" + (n++);
            try {
                if (conn == null) {
                    conn = new MllpClient(host, port, 2000, 15_000, null);
                }
                sent.incrementAndGet();
                byte[] ack = conn.exchange(omi(id).getBytes(StandardCharsets.ISO_8859_1));
                String a = ack == null ? "" : new String(ack, StandardCharsets.ISO_8859_1);
                if (a.contains("MSA|AA|" + id)) {
                    acked.add(id);
                } else if (a.isEmpty()) {
                    unanswered.incrementAndGet();
                } else {
                    other.incrementAndGet();
                }
            } catch (IOException e) {
                unanswered.incrementAndGet();
                close(conn);
                conn = null;
                sleep(50);
            }
        }
        close(conn);
    }

    /** A distinct order per control id (its own patient, accession, study and step). */
    static String omi(String id) {
        String n = id.replaceAll("[^0-9A-Za-z]", "");
        String uid = "1.2.826.0.1.3680043.10.1455." + Math.abs((long) id.hashCode());
        return String.join("\r",
                "MSH|^~\\&|DEMO_RIS|RADIOLOGY|RADBRIDGE|RAD|20261201120000||OMI^O23^OMI_O23|" + id + "|P|2.5.1",
                "PID|1||P" + n + "^^^HOSP^MR||STOP^TEST||19700101|F",
                "PV1|1|O|RAD^CT1^^HOSP||||4444^CARTER^JOHN^^^DR",
                "ORC|NW|PLC" + n + "^DEMO_EMR|FIL" + n + "^DEMO_RIS||SC||||20261201120000",
                "TQ1|1||||||20261201130000||R",
                "OBR|1|PLC" + n + "^DEMO_EMR|FIL" + n + "^DEMO_RIS|PROC^REQUESTED PROCEDURE^LOCAL|||20261201120000"
                        + "|||||||||4444^CARTER^JOHN^^^DR||||||||CT",
                "IPC|A" + n + "^DEMO_RIS|RP" + n + "|" + uid + "|SPS" + n + "|CT|CTHEAD^CT HEAD^LOCAL|CT01|CT1|CT01") + "\r";
    }

    /** Waits until at least {@code n} orders were answered AA. */
    StopLoad awaitAcked(int n, Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        while (acked.size() < n && System.nanoTime() < until) {
            sleep(20);
        }
        assertTrue(acked.size() >= n, "only " + acked.size() + " of " + n + " orders answered AA within " + timeout + ": " + this);
        return this;
    }

    Set<String> acked() {
        return Set.copyOf(acked);
    }

    int sent() {
        return sent.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(20_000);
        }
    }

    @Override
    public String toString() {
        return "sent " + sent + ", AA " + acked.size() + ", not answered " + unanswered + ", other answers " + other;
    }

    /** After the restart: each AA'd control id in the journal exactly once (admin token: every role). */
    static void assertJournaledOnce(Set<String> ids, int httpPort, String token) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ObjectMapper json = new ObjectMapper();
        List<String> wrong = new ArrayList<>();
        for (String id : ids) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                    + "/api/messages?controlId=" + URLEncoder.encode(id, StandardCharsets.UTF_8)))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            JsonNode rows = json.readTree(r.body());
            int aa = 0;
            for (JsonNode row : rows) {
                if (id.equals(row.path("controlId").asText()) && "AA".equals(row.path("ack").asText())) {
                    aa++;
                }
            }
            if (rows.size() != 1 || aa != 1) {
                wrong.add(id + " -> " + rows.size() + " entries");
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " of " + ids.size() + " AA'd orders not journaled exactly once: " + wrong);
    }

    private static void close(MllpClient c) {
        if (c != null) {
            c.close();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms); // paces the load generator and its poll loops
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
