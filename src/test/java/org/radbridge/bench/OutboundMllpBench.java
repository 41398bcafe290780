package org.radbridge.bench;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.app.Initiator;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.PipeParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.radbridge.engine.EngineContext;
import org.radbridge.mllp.MllpClient;
import org.radbridge.notify.ControlIds;
import org.radbridge.notify.Hl7Destinations;
import org.radbridge.notify.Hl7Outbox;
import org.radbridge.testing.MllpReceiver;
import org.radbridge.testing.TestEngine;

/**
 * Outbound MLLP delivery throughput (bench/README.md, "Outbound MLLP"): RadBridge's outbox delivering to 1 and
 * 8 local MLLP receivers, against two references on the same receivers in the same run: a bare MLLP client
 * (send, wait for the ACK, no database) and HAPI's client (Initiator.sendAndReceive, default settings).
 * RadBridge's figure covers claim (with its audit record) -> send -> ACK check -> outcome (with its audit
 * record) for entries queued beforehand while the destinations were paused; intake is not measured.
 *
 * <p>Arguments: {@code [messagesPerDestination=4000] [sqliteSynchronous=FULL] [destinationCounts=1,8] [workersPerDestination=1]}.
 */
public final class OutboundMllpBench {

    static final String REPORT = "MSH|^~\\&|DEMO_REPORTS|RADIOLOGY|DEMO_EMR|MAINHOSP|20261201160000||ORU^R01^ORU_R01|%s|P|2.5.1\r"
            + "PID|1||%s^^^HOSP^MR||TESTER^ANNA^MARIA^JR^DR||19700315|F\r"
            + "PV1|1|O|RAD^CT1^^HOSP||||1234^WELBY^MARCUS^^^DR\r"
            + "ORC|RE|PLC1001^DEMO_EMR|FIL1001^DEMO_RIS||CM\r"
            + "OBR|1|PLC1001^DEMO_EMR|FIL1001^DEMO_RIS|71250^CT CHEST W/O CONTRAST^C4|||20261201093000|||||||||1234^WELBY^MARCUS^^^DR"
            + "||ACC1001|RP1001|SPS1001||20261201155900||CT|F\r"
            + "OBX|1|TX|18782-3^Radiology Study observation^LN||FINDINGS: No pulmonary embolism. Lungs clear.||||||F\r"
            + "OBX|2|TX|19005-8^Radiology Imaging study [Impression]^LN||IMPRESSION: Normal CT chest \\T\\ mediastinum.||||||F\r";

    public static void main(String[] args) throws Exception {
        int perDest = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        String sync = args.length > 1 ? args[1] : "FULL";
        String counts = args.length > 2 ? args[2] : "1,8";
        int workers = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        System.out.printf("Outbound MLLP: %d messages per destination (100 patients each), SQLite synchronous=%s, "
                + "%d outbox worker(s) per destination, %d cores, Java %s%n", perDest, sync, workers,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf("%-12s %-28s %10s %10s%n", "destinations", "sender", "messages", "msgs/s");
        for (String c : counts.split(",")) {
            int n = Integer.parseInt(c.trim());
            row(n, "bare MLLP client", perDest * n, bare(n, perDest));
            row(n, "HAPI client (reference)", perDest * n, hapi(n, perDest));
            row(n, "RadBridge outbox", perDest * n, radbridge(n, perDest, sync, workers));
        }
    }

    static void row(int n, String who, int messages, double seconds) {
        System.out.printf("%-12d %-28s %10d %10.0f%n", n, who, messages, messages / seconds);
    }

    static List<MllpReceiver> receivers(int n) throws Exception {
        List<MllpReceiver> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(MllpReceiver.start().withoutHapiCheck());
        }
        return out;
    }

    /** One thread per destination sending and awaiting each ACK over one connection. */
    static double bare(int n, int perDest) throws Exception {
        List<MllpReceiver> rs = receivers(n);
        try {
            return parallel(n, i -> {
                try (MllpClient c = new MllpClient("127.0.0.1", rs.get(i).port())) {
                    for (int k = 0; k < perDest; k++) {
                        c.exchange(String.format(REPORT, "B" + i + "-" + k, "BP" + (k % 100)).getBytes(StandardCharsets.UTF_8));
                    }
                }
                return null;
            });
        } finally {
            rs.forEach(MllpReceiver::close);
        }
    }

    static double hapi(int n, int perDest) throws Exception {
        List<MllpReceiver> rs = receivers(n);
        try (HapiContext ctx = new DefaultHapiContext()) {
            PipeParser p = ctx.getPipeParser();
            return parallel(n, i -> {
                Connection conn = ctx.newClient("127.0.0.1", rs.get(i).port(), false);
                try {
                    Initiator init = conn.getInitiator();
                    for (int k = 0; k < perDest; k++) {
                        Message m = p.parse(String.format(REPORT, "H" + i + "-" + k, "BP" + (k % 100)));
                        init.sendAndReceive(m);
                    }
                } finally {
                    conn.close();
                }
                return null;
            });
        } finally {
            rs.forEach(MllpReceiver::close);
        }
    }

    /** The engine with n MLLP destinations; entries queued while paused, then timed from resume to the last ACK. */
    static double radbridge(int n, int perDest, String sync, int workers) throws Exception {
        List<MllpReceiver> rs = receivers(n);
        Path overlay = Files.createTempDirectory("radbridge-bench");
        StringBuilder yaml = new StringBuilder("defaults:\n  workers: " + workers + "\ndestinations:\n  - name: emr\n");
        for (int i = 1; i < n; i++) {
            yaml.append("  - name: emr-").append(i + 1).append("\n    address: ").append(rs.get(i).address()).append('\n');
        }
        Files.createDirectories(overlay.resolve("peers"));
        Files.writeString(overlay.resolve(Hl7Destinations.FILE), yaml.toString());
        Map<String, String> props = new HashMap<>();
        props.put("radbridge.emr.mllp", rs.get(0).address());
        props.put("radbridge.mappings.overlay-dir", overlay.toString());
        props.put("radbridge.db.sqlite-synchronous", sync);
        try (TestEngine e = TestEngine.start(props)) {
            EngineContext ctx = e.app().engine().context();
            List<String> names = new ArrayList<>();
            names.add("emr");
            for (int i = 1; i < n; i++) {
                names.add("emr-" + (i + 1));
            }
            for (String d : names) {
                e.post("/api/destinations/" + d + "/pause", null);
            }
            Hl7Outbox out = new Hl7Outbox(ctx.outbox(), Hl7Destinations.load(ctx.mappings(), ctx.settings()), new ControlIds("RB"));
            for (String d : names) {
                for (int from = 0; from < perDest; from += 500) {
                    int start = from;
                    ctx.db().writeAndWait(tx -> {
                        for (int k = start; k < Math.min(perDest, start + 500); k++) {
                            out.enqueue(tx, null, d, "BP" + (k % 100) + "^HOSP", "oru-r01", String.format(REPORT, "X", "BP" + (k % 100)),
                                    StandardCharsets.UTF_8, null);
                        }
                        return null;
                    });
                }
            }
            long t0 = System.nanoTime();
            for (String d : names) {
                e.post("/api/destinations/" + d + "/resume", null);
            }
            while (rs.stream().mapToInt(MllpReceiver::processedCount).sum() < n * perDest) {
                Thread.sleep(5);
            }
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            rs.forEach(MllpReceiver::close);
            TestEngine.deleteTree(overlay);
        }
    }

    interface Job {
        Object run(int i) throws Exception;
    }

    static double parallel(int n, Job job) throws Exception {
        ExecutorService ex = Executors.newFixedThreadPool(n);
        try {
            long t0 = System.nanoTime();
            List<Future<Object>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                fs.add(ex.submit(() -> job.run(k)));
            }
            for (Future<Object> f : fs) {
                f.get();
            }
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            ex.shutdownNow();
        }
    }
}
