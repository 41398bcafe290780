package org.radbridge.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.radbridge.mllp.MllpClient;
import org.radbridge.testing.TestEngine;

/**
 * study-available throughput (bench/README.md, "Study available"): N webhook events, each matching one order by
 * Study Instance UID (journal entry, SPS COMPLETED, ORU^R01 and FHIR Bundle queued, audit record: one transaction
 * each), over C concurrent HTTP clients; the reference in the same run and engine is the intake of the N orders
 * themselves over C MLLP connections (journal, worklist item, FHIR Bundle, audit: one transaction each). EMR and FHIR
 * are file outboxes; delivery is not measured.
 *
 * <p>Arguments: {@code [events=2000] [concurrency=4] [sqliteSynchronous=FULL]}.
 */
public final class StudyAvailableBench {

    static final String ORDER = "MSH|^~\\&|DEMO_RIS|RADIOLOGY|RADBRIDGE|RAD|20261201081500||ORM^O01^ORM_O01|B%1$d|P|2.3.1\r"
            + "PID|1||PAT%2$d^^^HOSP^MR||TESTER^ANNA||19700315|F\r"
            + "PV1|1|O|RAD^CT1^^HOSP|||||||||||||||||V%1$d\r"
            + "ORC|NW|PLC%1$d^DEMO_EMR|FIL%1$d^DEMO_RIS||SC||^^^20261201093000^^R\r"
            + "OBR|1|PLC%1$d^DEMO_EMR|FIL%1$d^DEMO_RIS|71250^CT CHEST^C4||||||||||||||ACC%1$d|RP%1$d|SPS%1$d||||CT\r"
            + "ZDS|1.2.826.0.1.3680043.10.543.77.%1$d^DEMO_RIS^Application^DICOM\r";

    static final String EVENT = "{\"studyInstanceUid\":\"1.2.826.0.1.3680043.10.543.77.%1$d\",\"studyDate\":\"20261201\","
            + "\"series\":[{\"seriesInstanceUid\":\"1.2.826.0.1.3680043.10.543.77.%1$d.1\",\"modality\":\"CT\",\"numberOfInstances\":120}]}";

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int c = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        String sync = args.length > 2 ? args[2] : "FULL";
        System.out.printf("study-available: %d events, %d concurrent clients, SQLite synchronous=%s, %d cores, Java %s%n", n, c, sync,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        try (TestEngine e = TestEngine.start(Map.of("radbridge.db.sqlite-synchronous", sync, "radbridge.outbox.poll-ms", "60000"))) {
            List<Long> orders = run(n, c, i -> {
                try (MllpClient m = new MllpClient("127.0.0.1", e.mllpPort(), 5000, 30000, null)) {
                    String ack = new String(m.exchange(String.format(ORDER, i, i % 500).getBytes()), java.nio.charset.StandardCharsets.UTF_8);
                    if (!ack.contains("MSA|AA")) {
                        throw new IllegalStateException(ack);
                    }
                }
            });
            HttpClient http = HttpClient.newHttpClient();
            List<Long> events = run(n, c, i -> {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.httpPort()
                        + "/api/events/study-available")).header("Authorization", "Bearer " + TestEngine.ADMIN_TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofString(String.format(EVENT, i))).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200 || !r.body().contains("\"study-uid\"")) {
                    throw new IllegalStateException(r.statusCode() + " " + r.body());
                }
            });
            System.out.printf("%-44s %8s %10s %10s %10s%n", "what", "count", "per s", "p50 ms", "p99 ms");
            row("orders over MLLP (reference: order intake)", orders);
            row("study-available events over HTTP (webhook)", events);
        }
    }

    interface Step {
        void run(int i) throws Exception;
    }

    /** Runs n steps over c threads; returns the latencies (ns) and, last, the wall time (ns). */
    static List<Long> run(int n, int c, Step step) throws Exception {
        List<Long> lat = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(c);
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < c; t++) {
            fs.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < n; ) {
                    long s = System.nanoTime();
                    step.run(i);
                    lat.add(System.nanoTime() - s);
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        long wall = System.nanoTime() - t0;
        pool.shutdown();
        List<Long> out = new ArrayList<>(lat);
        Collections.sort(out);
        out.add(wall);
        return out;
    }

    static void row(String what, List<Long> r) {
        long wall = r.get(r.size() - 1);
        List<Long> lat = r.subList(0, r.size() - 1);
        System.out.printf("%-44s %8d %10.0f %10.2f %10.2f%n", what, lat.size(), lat.size() / (wall / 1e9),
                lat.get(lat.size() / 2) / 1e6, lat.get((int) (lat.size() * 0.99)) / 1e6);
    }
}
