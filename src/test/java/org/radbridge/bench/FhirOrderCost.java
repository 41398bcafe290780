package org.radbridge.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.radbridge.fhir.FhirMapper;
import org.radbridge.fhir.FhirMappings;
import org.radbridge.fhir.Mapped;
import org.radbridge.fhir.OrderToFhir;
import org.radbridge.fhir.map.FhirJson;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.mapping.Hl7Peer;
import org.radbridge.mapping.Hl7Peers;
import org.radbridge.mapping.Mappings;

/**
 * CPU per message of the order-to-fhir flow in isolation (issue 15): the intake benchmark's ORM^O01
 * ({@link BenchMessages}) from a "ris" sender as the intake benchmark declares it, mapped to its transaction Bundle
 * and written as the outbox's JSON bytes, i.e. what FhirFlow.map + FhirFlow.enqueue do per message (without the
 * worklist flow's identifiers on the Inbound: the FHIR flow reads them from the message). Messages are parsed
 * outside the measured loop (a fresh parse per message, so segment indexes are not reused); single thread, thread
 * CPU time. Batches alternate between map + write and map alone; the write's cost is the difference.
 *
 * <p>On a loaded machine two separate runs are not comparable, so the class compares two builds in one JVM: each
 * build in its own class loader (this class compiled against it, its classes, the dependencies), batches of the two
 * interleaved, so both see the same load. Uses only API that the baseline build has too.
 * Usage: FhirOrderCost PROJECT_DIR ROUNDS BATCHES_PER_ROUND NAME=CLASSPATH [NAME=CLASSPATH]
 */
public final class FhirOrderCost {

    private static final int BATCH = 200;
    private static FhirMapper order;
    private static Hl7Peer peer;
    private static long n;
    private static long sink;

    public static void main(String[] args) throws Exception {
        Path project = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        int batches = Integer.parseInt(args[2]);
        List<String> names = new ArrayList<>();
        List<Method> runs = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            String[] nv = args[i].split("=", 2);
            List<URL> urls = new ArrayList<>();
            for (String p : nv[1].split(":")) {
                if (!p.isBlank()) {
                    urls.add(Path.of(p).toUri().toURL());
                }
            }
            ClassLoader l = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
            Class<?> c = Class.forName(FhirOrderCost.class.getName(), true, l);
            Thread.currentThread().setContextClassLoader(l);
            c.getMethod("setUp", String.class).invoke(null, project.toString());
            names.add(nv[0]);
            runs.add(c.getMethod("batches", int.class));
        }
        System.out.printf("FhirOrderCost: %d cores, load average %.2f, %d rounds of %d batches of %d messages per build%n",
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), rounds, batches, BATCH);
        for (int r = 0; r <= rounds; r++) {
            long[][] sums = new long[runs.size()][5];
            for (int b = 0; b < batches; b++) {
                for (int k = 0; k < runs.size(); k++) {
                    long[] x = (long[]) runs.get(k).invoke(null, 2);
                    for (int j = 0; j < 5; j++) {
                        sums[k][j] += x[j];
                    }
                }
            }
            for (int k = 0; k < runs.size(); k++) {
                long[] s = sums[k];
                double map = s[0] / 1e3 / s[1];
                double total = s[2] / 1e3 / s[3];
                System.out.printf("%-8s %-7s map+bytes %6.1f us/msg CPU (map alone %6.1f, bytes %5.1f) %d msgs, %d bytes/msg%n",
                        r == 0 ? "warm-up" : "round " + r, names.get(k), total, map, total - map, s[1] + s[3], s[4] / s[3]);
            }
        }
        System.out.printf("load average at end %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** Loads the mappings (as of the project dir) and the bench sender, in the calling build. */
    public static void setUp(String projectDir) throws Exception {
        Path project = Path.of(projectDir);
        Path overlay = Files.createTempDirectory("fhir-cost");
        Files.createDirectories(overlay.resolve("peers"));
        Files.writeString(overlay.resolve("peers/hl7-senders.yaml"),
                Files.readString(project.resolve("mappings/peers/hl7-senders.yaml"))
                        + "  - name: bench-after-commit\n    application: BENCH_COMMIT\n    role: ris\n"
                        + "    ack-mode: {\"*\": after-commit}\n");
        Mappings mappings = new Mappings(project.resolve("mappings"), overlay);
        order = new OrderToFhir(new FhirMappings(mappings), ZoneId.of("UTC"));
        peer = Hl7Peers.load(mappings).match("BENCH_COMMIT", "RADIOLOGY");
    }

    /**
     * {@code count} pairs of batches: map alone, then map + bytes. Returns {map ns, map msgs, map+bytes ns,
     * map+bytes msgs, bytes written}.
     */
    public static long[] batches(int count) {
        ThreadMXBean tm = ManagementFactory.getThreadMXBean();
        long[] out = new long[5];
        Hl7Message[] batch = new Hl7Message[BATCH];
        for (int k = 0; k < count; k++) {
            boolean write = k % 2 == 1;
            for (int i = 0; i < BATCH; i++) {
                batch[i] = Hl7Parser.parse(BenchMessages.orm("BENCH_COMMIT", ++n));
            }
            long c0 = tm.getCurrentThreadCpuTime();
            for (int i = 0; i < BATCH; i++) {
                Mapped m = order.map(batch[i], peer, null);
                if (write) {
                    byte[] b = FhirJson.compactBytes(m.bundle());
                    out[4] += b.length;
                    sink += b[b.length / 2];
                } else {
                    sink += m.summary().length();
                }
            }
            long c1 = tm.getCurrentThreadCpuTime();
            out[write ? 2 : 0] += c1 - c0;
            out[write ? 3 : 1] += BATCH;
        }
        return out;
    }
}
