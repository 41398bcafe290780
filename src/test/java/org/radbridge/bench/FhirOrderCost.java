package org.radbridge.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
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
 * CPU time. Uses only API that the baseline build has too, so the same class measures before and after.
 * Usage: FhirOrderCost PROJECT_DIR [warmup] [measured] [rounds]
 */
public final class FhirOrderCost {

    private static final int BATCH = 500;

    public static void main(String[] args) throws Exception {
        Path project = Path.of(args.length > 0 ? args[0] : ".");
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int measured = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Path overlay = Files.createTempDirectory("fhir-cost");
        Files.createDirectories(overlay.resolve("peers"));
        Files.writeString(overlay.resolve("peers/hl7-senders.yaml"),
                Files.readString(project.resolve("mappings/peers/hl7-senders.yaml"))
                        + "  - name: bench-after-commit\n    application: BENCH_COMMIT\n    role: ris\n"
                        + "    ack-mode: {\"*\": after-commit}\n");
        Mappings mappings = new Mappings(project.resolve("mappings"), overlay);
        Hl7Peers peers = Hl7Peers.load(mappings);
        FhirMapper order = new OrderToFhir(new FhirMappings(mappings), ZoneId.of("UTC"));
        Hl7Peer peer = peers.match("BENCH_COMMIT", "RADIOLOGY");
        ThreadMXBean tm = ManagementFactory.getThreadMXBean();
        System.out.printf("FhirOrderCost: %d cores, load average %.2f, warm-up %d, measured %d, %d rounds%n",
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), warmup, measured, rounds);
        long n = 0;
        long sink = 0;
        for (int r = 0; r <= rounds; r++) {
            int count = r == 0 ? warmup : measured;
            long mapCpu = 0;
            long writeCpu = 0;
            long bytes = 0;
            for (int done = 0; done < count; done += BATCH) {
                Hl7Message[] batch = new Hl7Message[BATCH];
                for (int i = 0; i < BATCH; i++) {
                    batch[i] = Hl7Parser.parse(BenchMessages.orm("BENCH_COMMIT", ++n));
                }
                Mapped[] out = new Mapped[BATCH];
                long c0 = tm.getCurrentThreadCpuTime();
                for (int i = 0; i < BATCH; i++) {
                    out[i] = order.map(batch[i], peer, null);
                }
                long c1 = tm.getCurrentThreadCpuTime();
                for (int i = 0; i < BATCH; i++) {
                    byte[] b = FhirJson.compactBytes(out[i].bundle());
                    bytes += b.length;
                    sink += b[b.length / 2];
                }
                long c2 = tm.getCurrentThreadCpuTime();
                mapCpu += c1 - c0;
                writeCpu += c2 - c1;
            }
            int done = (count + BATCH - 1) / BATCH * BATCH;
            System.out.printf("%s: map %6.1f us/msg, bytes %5.1f us/msg, total %6.1f us/msg CPU (%d msgs, %d bytes/msg)%n",
                    r == 0 ? "warm-up" : "round " + r, mapCpu / 1e3 / done, writeCpu / 1e3 / done,
                    (mapCpu + writeCpu) / 1e3 / done, done, bytes / done);
        }
        System.out.println("[" + (sink % 7) + "] load average at end " + ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
    }
}
