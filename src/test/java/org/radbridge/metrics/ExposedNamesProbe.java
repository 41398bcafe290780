package org.radbridge.metrics;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.radbridge.dicom.testing.Dcmtk;
import org.radbridge.mllp.MllpClient;
import org.radbridge.testing.MllpReceiver;
import org.radbridge.testing.Scenarios;
import org.radbridge.testing.TestEngine;
import org.radbridge.testing.Waits;

/**
 * A fixed workload through a real engine that makes most of /metrics appear (orders, a report delivered to an
 * EMR receiver over MLLP, a duplicate, an invented message type, a DCMTK findscu MWL C-FIND, a request without a
 * token), and the names /metrics then exposes. {@code main} prints them, one a line: run against the build of
 * commit 44e26dc (the hand-written Metrics) it wrote src/test/resources/metrics/exposed-names-44e26dc.txt
 * (command in {@link ExposedNamesTest}).
 */
public final class ExposedNamesProbe {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? \\S+$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

    private ExposedNamesProbe() {
    }

    /** Each sample line as {@code name{label,label}} (label names sorted; the histogram bucket bound "le" left out). */
    public static Set<String> names(String exposition) {
        Set<String> out = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            Set<String> labels = new TreeSet<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.add(l.group(1));
                }
            }
            labels.remove("le");
            out.add(m.group(1) + "{" + String.join(",", labels) + "}");
        }
        return out;
    }

    /** Runs the workload on an engine started for it and returns its /metrics text. */
    public static String scrapeAfterWorkload(Path work) throws Exception {
        try (MllpReceiver emr = MllpReceiver.start();
                TestEngine engine = TestEngine.start(Map.of("radbridge.emr.mllp", emr.address(),
                        "radbridge.outbox.backoff-initial-ms", "50", "radbridge.outbox.backoff-max-ms", "300",
                        "radbridge.outbox.poll-ms", "100"))) {
            try (MllpClient c = engine.client()) {
                for (String scenario : new String[] {"orm-o01-ris-new-ct", "oru-r01-report"}) {
                    Path dir = Scenarios.dir(scenario);
                    for (Path p : Scenarios.prerequisites(dir)) {
                        c.exchange(Files.readAllBytes(p));
                    }
                    for (Path p : Scenarios.messages(dir)) {
                        c.exchange(Files.readAllBytes(p));
                    }
                }
                byte[] again = Files.readAllBytes(Scenarios.messages(Scenarios.dir("orm-o01-ris-new-ct")).get(0));
                c.exchange(again); // a duplicate
                String invented = new String(again, StandardCharsets.ISO_8859_1).replaceFirst("ORM\\^O01", "ZQX^Q1")
                        .replaceFirst("(MSH(\\|[^|\r]*){8})\\|[^|\r]*", "$1|PROBE-ZQX");
                c.exchange(invented.getBytes(StandardCharsets.ISO_8859_1)); // an invented type: AR
            }
            if (!emr.awaitProcessed(1, Duration.ofSeconds(30))) {
                throw new IllegalStateException("the EMR receiver got no report");
            }
            Path q = Files.createTempDirectory(work, "findscu");
            Dcmtk.findscu(q, "127.0.0.1", engine.dicomPort(), "CT01", "RADBRIDGE", "-W", "-k", "PatientName", "-k",
                    "AccessionNumber").assertOk("findscu");
            engine.request("GET", "/api/messages", null, null); // no token: a security alert
            // the report's outbox entry is done once the receiver's ACK is recorded
            Waits.until("the EMR outbox drained", Duration.ofSeconds(30),
                    () -> engine.get("/metrics").body().contains("radbridge_outbox_depth{destination=\"emr\"} 0"));
            return engine.get("/metrics").body();
        }
    }

    /** Prints the names after the workload, one a line (stdout), for the golden file. */
    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("exposed-names");
        try {
            names(scrapeAfterWorkload(work)).forEach(System.out::println);
        } finally {
            TestEngine.deleteTree(work);
        }
        System.exit(0);
    }
}
