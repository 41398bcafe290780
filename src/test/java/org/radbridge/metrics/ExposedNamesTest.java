package org.radbridge.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.testing.ProjectPaths;

/**
 * Issue 16 (Micrometer): after the same workload ({@link ExposedNamesProbe}), /metrics exposes every name, with
 * the same label names, that the hand-written registry of commit 44e26dc exposed, and adds the latency
 * histograms (MLLP ACK, MWL C-FIND, writer commit), camel-micrometer's route timings and Micrometer's JVM
 * metrics. The "before" list was made with the probe compiled against that build:
 * <pre>
 * javac -d /tmp/probe -cp BASE/target/test-classes:BASE/target/classes:CP src/test/java/org/radbridge/metrics/ExposedNamesProbe.java
 * java -Dradbridge.project.dir=BASE -cp /tmp/probe:BASE/target/test-classes:BASE/target/classes:CP \
 *     org.radbridge.metrics.ExposedNamesProbe &gt; src/test/resources/metrics/exposed-names-44e26dc.txt
 * </pre>
 * (BASE: a build of 44e26dc, CP: its test class path). DCMTK's findscu is required (CI installs dcmtk).
 */
@Timeout(180)
class ExposedNamesTest {

    @TempDir
    Path work;

    @Test
    void everyNameExposedBeforeMicrometerIsStillExposedWithTheSameLabels() throws Exception {
        Set<String> before = new TreeSet<>(Files.readAllLines(
                ProjectPaths.project().resolve("src/test/resources/metrics/exposed-names-44e26dc.txt"), StandardCharsets.UTF_8));
        assertTrue(before.size() > 30, "the golden list: " + before);
        String scrape = ExposedNamesProbe.scrapeAfterWorkload(work);
        Set<String> after = ExposedNamesProbe.names(scrape);

        Set<String> missing = new TreeSet<>(before);
        missing.removeAll(after);
        assertEquals(Set.of(), missing, "names (with their label names) no longer exposed; now: " + after);

        for (String added : List.of("radbridge_mllp_ack_seconds_bucket{listener}", "radbridge_mllp_ack_seconds_count{listener}",
                "radbridge_mllp_ack_seconds_sum{listener}", "radbridge_mllp_ack_seconds_max{listener}",
                "radbridge_mwl_query_seconds_bucket{}", "radbridge_mwl_query_seconds_max{}",
                "radbridge_db_writer_commit_duration_seconds_bucket{}", "radbridge_db_writer_commit_duration_seconds_count{}",
                "jvm_memory_used_bytes{area,id}", "process_cpu_usage{}",
                "jvm_threads_states_threads{state}")) {
            assertTrue(after.contains(added), added + " in " + after);
        }
        assertTrue(after.stream().anyMatch(n -> n.startsWith("camel_route_policy_seconds_bucket{") && n.contains("routeId")), after.toString());
        assertTrue(after.stream().anyMatch(n -> n.startsWith("camel_exchanges_failed_total{") && n.contains("routeId")), after.toString());
        assertTrue(after.stream().noneMatch(n -> n.startsWith("camel_exchanges_total{") || n.startsWith("camel_exchanges_succeeded")),
                "the other per-exchange counters are off: " + after);
        assertTrue(scrape.contains("# TYPE radbridge_mwl_query_seconds histogram"), "C-FIND latency is a histogram now");
        assertTrue(scrape.contains("radbridge_mllp_ack_seconds_bucket{listener=\"mllp\",le=\"5.0E-4\"}"), "ACK latency from 0.5 ms");
        assertTrue(scrape.contains("camel_route_policy_seconds_count{") && scrape.contains("routeId=\"intake\""), "the intake route is timed");
    }
}
