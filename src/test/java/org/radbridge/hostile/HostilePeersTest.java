package org.radbridge.hostile;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.io.DicomWriter;
import org.radbridge.dicom.net.AAssociateRQ;
import org.radbridge.dicom.net.Association;
import org.radbridge.dicom.net.DicomClient;
import org.radbridge.dicom.net.Dimse;
import org.radbridge.dicom.net.Pdu;
import org.radbridge.dicom.net.PresentationContext;
import org.radbridge.dicom.net.Status;
import org.radbridge.dicom.testing.Dcmtk;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.mllp.Mllp;
import org.radbridge.mllp.MllpClient;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.TestEngine;

/**
 * The hostile-peer suite of issue 11 ("keep the tests that find these"): the real engine under slow and
 * oversized clients on MLLP, HTTP and DICOM at once ({@link Attackers}: 1 byte/s trickles, unfinished 9 MB
 * MLLP blocks, 150 idle MLLP connections, HTTP connections holding an incomplete request header, oversized
 * HTTP bodies, trickled A-ASSOCIATE-RQs, junk PDUs, huge PDU lengths, unfinished 4 MB DIMSE data sets) while well-behaved clients on
 * 127.0.0.1 keep getting answers within stated bounds for {@link #PERIOD}:
 * <ul>
 * <li>MLLP: each ORM^O01 answered AA within {@link #MLLP_BOUND} (one persistent connection);</li>
 * <li>HTTP: GET /health answered 200 within {@link #HEALTH_BOUND};</li>
 * <li>DICOM: C-ECHO (DCMTK echoscu, or the engine's own SCU where DCMTK is absent) succeeds within
 *     {@link #ECHO_BOUND}.</li>
 * </ul>
 * The measured latencies and what happened to the attackers are printed. The engine limits the suite
 * runs with are in {@link #LIMITS} (one place to adjust).
 */
class HostilePeersTest {

    /**
     * Engine limits for this suite: properties of issue 11 items 7 (MLLP), 9 (HTTP) and 18 (DICOM ARTIM).
     * Names as announced for those items; an engine that does not know one ignores it.
     */
    static final Map<String, String> LIMITS = Map.ofEntries(
            Map.entry("radbridge.mllp.max-connections", "64"),
            Map.entry("radbridge.mllp.max-connections-per-address", "16"),
            Map.entry("radbridge.mllp.message-deadline-seconds", "10"),
            Map.entry("radbridge.mllp.max-buffered-bytes", String.valueOf(64 << 20)),
            Map.entry("radbridge.mllp.read-timeout-seconds", "10"),
            Map.entry("radbridge.http.max-connections", "64"),
            Map.entry("radbridge.http.request-timeout-seconds", "5"),
            Map.entry("radbridge.dicom.artim-seconds", "5"),
            Map.entry("radbridge.dicom.max-message-bytes", String.valueOf(8 << 20)),
            Map.entry("radbridge.dicom.max-buffered-bytes", String.valueOf(16 << 20)));

    /** Data set bytes of each unfinished C-FIND: one P-DATA-TF just under the 4 MiB the engine reads. */
    static final int DICOM_UNFINISHED_BYTES = (4 << 20) - (64 << 10);

    static final Duration PERIOD = Duration.ofSeconds(30);
    static final Duration MLLP_BOUND = Duration.ofSeconds(5);
    static final Duration HEALTH_BOUND = Duration.ofSeconds(2);
    static final Duration ECHO_BOUND = Duration.ofSeconds(5);

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void wellBehavedClientsAreAnsweredWhileHostilePeersPress() throws Exception {
        Latencies mllp = new Latencies("MLLP ORM -> AA", MLLP_BOUND.toMillis());
        Latencies health = new Latencies("HTTP GET /health -> 200", HEALTH_BOUND.toMillis());
        Latencies echo = new Latencies("DICOM C-ECHO", ECHO_BOUND.toMillis());
        Map<String, Long> attacks;
        try (TestEngine engine = TestEngine.start(LIMITS); Attackers hostile = new Attackers()) {
            startAttacks(hostile, engine);
            Thread.sleep(3000); // paces the hostile peers: let the attackers connect and start trickling
            ExecutorService good = Executors.newFixedThreadPool(3);
            long end = System.nanoTime() + PERIOD.toNanos();
            List<Future<?>> loops = new ArrayList<>();
            loops.add(good.submit(() -> mllpClient(engine, end, mllp)));
            loops.add(good.submit(() -> healthClient(engine, end, health)));
            loops.add(good.submit(() -> echoClient(engine, end, echo)));
            for (Future<?> f : loops) {
                f.get(PERIOD.toSeconds() + 60, TimeUnit.SECONDS);
            }
            good.shutdownNow();
            attacks = hostile.counts();
        }
        System.out.println("Hostile-peer suite: good clients during " + PERIOD.toSeconds() + " s of hostile load");
        for (Latencies l : List.of(mllp, health, echo)) {
            System.out.println("  " + l.summary());
        }
        System.out.println("  attackers: " + attacks);
        List<String> problems = new ArrayList<>();
        for (String kind : List.of("mllp-trickle", "mllp-9MB-block", "mllp-idle", "http-slow-header", "http-oversized-body",
                "dicom-trickled-rq", "dicom-junk", "dicom-huge-length", "dicom-unfinished-dataset")) {
            if (attacks.getOrDefault(kind + " connections", 0L) == 0) {
                problems.add(kind + " never connected");
            }
        }
        for (Latencies l : List.of(mllp, health, echo)) {
            if (l.count() < 5 || !l.failures().isEmpty()) {
                problems.add(l.summary() + "; first failures: " + l.failures().subList(0, Math.min(3, l.failures().size())));
            }
        }
        problems.forEach(p -> System.out.println("  FAILED: " + p));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static void startAttacks(Attackers a, TestEngine e) throws IOException {
        byte[] orm = orm(0);
        byte[] framed = new byte[orm.length + 1];
        framed[0] = Mllp.START_BLOCK;
        System.arraycopy(orm, 0, framed, 1, orm.length);
        a.trickle("mllp-trickle", "127.0.0.2", e.mllpPort(), 20, framed);
        a.flood("mllp-9MB-block", "127.0.0.2", e.mllpPort(), 6, () -> new byte[] {Mllp.START_BLOCK}, 9L << 20, (byte) 'A');
        a.idle("mllp-idle", "127.0.0.2", e.mllpPort(), 150);

        a.trickle("http-slow-header", "127.0.0.3", e.httpPort(), 16,
                Attackers.ascii("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "a".repeat(200)));
        a.flood("http-oversized-body", "127.0.0.3", e.httpPort(), 2, () -> Attackers.ascii(
                "POST /api/events/study-available HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestEngine.ADMIN_TOKEN
                        + "\r\nContent-Type: application/json\r\nContent-Length: 67108864\r\n\r\n"), 20L << 20, (byte) ' ');

        a.trickle("dicom-trickled-rq", "127.0.0.4", e.dicomPort(), 60, Pdu.encode(echoRq("TRICKLE")));
        Random r = new Random(11);
        a.junk("dicom-junk", "127.0.0.4", e.dicomPort(), 2, () -> {
            byte[] j = new byte[64 + r.nextInt(512)];
            r.nextBytes(j);
            j[0] = (byte) (r.nextBoolean() ? 0x09 : 0x04); // unknown PDU type, or P-DATA before any association
            return j;
        });
        a.flood("dicom-huge-length", "127.0.0.4", e.dicomPort(), 5,
                () -> new byte[] {0x01, 0x00, 0x00, 0x0F, (byte) 0xFF, (byte) 0xF0, 0x00, 0x01}, 0, (byte) 0);
        // associations sending a C-FIND and 4 MB of its data set without the last fragment, then holding: 8 of them
        // would hold 32 MB; over the 16 MiB DIMSE buffer budget they are aborted (and come back)
        a.flood("dicom-unfinished-dataset", "127.0.0.4", e.dicomPort(), 8, HostilePeersTest::unfinishedFind,
                DICOM_UNFINISHED_BYTES, (byte) 0);
        a.start();
    }

    /** A-ASSOCIATE-RQ (MWL FIND), the C-FIND command, and the head of a P-DATA-TF whose one PDV is not the last. */
    static byte[] unfinishedFind() {
        AAssociateRQ rq = new AAssociateRQ();
        rq.setCallingAE("FLOODSCU");
        rq.setCalledAE("RADBRIDGE");
        rq.addPresentationContext(PresentationContext.proposal(1, UID.ModalityWorklistInformationModelFind,
                UID.ImplicitVRLittleEndian));
        Attributes cmd = Dimse.setDataset(Dimse.cFindRQ(1, UID.ModalityWorklistInformationModelFind, Dimse.PRIORITY_MEDIUM), true);
        byte[] c = DicomWriter.encodeCommand(cmd);
        ByteBuffer b = ByteBuffer.allocate(1 << 12);
        b.put(Pdu.encode(rq)).put(Pdu.pData(1, true, true, c, 0, c.length));
        b.put((byte) Pdu.P_DATA_TF).put((byte) 0).putInt(DICOM_UNFINISHED_BYTES + 6).putInt(DICOM_UNFINISHED_BYTES + 2)
                .put((byte) 1).put((byte) 0); // PDV header: context 1, data, not last (PS3.8 E.2)
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    private static void mllpClient(TestEngine e, long end, Latencies l) {
        MllpClient c = null;
        int n = 1;
        while (System.nanoTime() < end) {
            byte[] msg = orm(n++);
            String cid = Hl7Parser.parse(new String(msg, StandardCharsets.ISO_8859_1)).controlId();
            long t0 = System.nanoTime();
            try {
                if (c == null) {
                    c = new MllpClient("127.0.0.1", e.mllpPort(), 5000, 15000, null);
                }
                byte[] ack = c.exchange(msg);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                Hl7Message m = ack == null ? null : Hl7Parser.parse(new String(ack, StandardCharsets.ISO_8859_1));
                if (m != null && "AA".equals(m.get("MSA-1")) && cid.equals(m.get("MSA-2"))) {
                    l.ok(ms);
                } else {
                    l.failed(ms, cid + " answered " + (ack == null ? "nothing" : new String(ack, StandardCharsets.ISO_8859_1).replace('\r', '/')));
                }
            } catch (Exception ex) {
                l.failed((System.nanoTime() - t0) / 1_000_000, cid + ": " + ex);
                close(c);
                c = null;
            }
            pause(500);
        }
        close(c);
    }

    private static void healthClient(TestEngine e, long end, Latencies l) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.httpPort() + "/health"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            try {
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                long ms = (System.nanoTime() - t0) / 1_000_000;
                if (r.statusCode() == 200) {
                    l.ok(ms);
                } else {
                    l.failed(ms, "status " + r.statusCode() + " " + r.body().replaceAll("\\s+", " "));
                }
            } catch (Exception ex) {
                l.failed((System.nanoTime() - t0) / 1_000_000, ex.toString());
            }
            pause(500);
        }
    }

    private static void echoClient(TestEngine e, long end, Latencies l) {
        boolean dcmtk = Dcmtk.available("echoscu");
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            try {
                String problem = dcmtk ? echoscu(e) : ownEcho(e);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                if (problem == null) {
                    l.ok(ms);
                } else {
                    l.failed(ms, problem);
                }
            } catch (Throwable ex) {
                l.failed((System.nanoTime() - t0) / 1_000_000, ex.toString().lines().findFirst().orElse(""));
            }
            pause(1000);
        }
    }

    private static String echoscu(TestEngine e) throws Exception {
        Dcmtk.Result r = Dcmtk.run(null, Duration.ofSeconds(20), List.of("echoscu", "-aet", "GOODSCU", "-aec", "RADBRIDGE",
                "-to", "15", "-ta", "15", "127.0.0.1", Integer.toString(e.dicomPort())));
        return r.exitCode() == 0 ? null : "echoscu exit " + r.exitCode() + ": " + r.all().replaceAll("\\s+", " ");
    }

    private static String ownEcho(TestEngine e) throws Exception {
        try (Association as = new DicomClient().connect("127.0.0.1", e.dicomPort(), echoRq("GOODSCU"))) {
            int status = as.echo().status();
            as.release();
            return status == Status.SUCCESS ? null : "C-ECHO status " + Integer.toHexString(status);
        }
    }

    static AAssociateRQ echoRq(String calling) {
        AAssociateRQ rq = new AAssociateRQ();
        rq.setCallingAE(calling);
        rq.setCalledAE("RADBRIDGE");
        rq.addPresentationContext(PresentationContext.proposal(1, UID.Verification, UID.ImplicitVRLittleEndian));
        return rq;
    }

    /** The ORM^O01 of test-messages/orm-o01-ris-new-ct with every identifier made unique by n. */
    static byte[] orm(int n) {
        try {
            String t = Files.readString(ProjectPaths.testMessages().resolve("orm-o01-ris-new-ct/message.hl7"),
                    StandardCharsets.ISO_8859_1);
            String id = String.valueOf(700_000 + n) + ProcessHandle.current().pid() % 1000;
            return t.replace("1001", id).getBytes(StandardCharsets.ISO_8859_1);
        } catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms); // paces the well-behaved peers' request loops during the attack
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static void close(MllpClient c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
    }
}
