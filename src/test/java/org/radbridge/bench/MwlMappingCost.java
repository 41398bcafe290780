package org.radbridge.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.mapping.Mappings;
import org.radbridge.order.OrderIdentifiers;
import org.radbridge.worklist.WorklistStore;
import org.radbridge.worklist.mapping.MwlMapping;

/**
 * CPU per message of the intake's order-to-worklist work outside the database (issue 15, bench/README.md "MWL
 * mapping"): parsing the benchmark ORM^O01 ({@link BenchMessages#orm}), reading its journal keys
 * ({@link OrderIdentifiers#keys}), mapping it with mappings/hl7-to-mwl/ ({@link MwlMapping#mapOrder}) and encoding the
 * item's matching columns and data set ({@link WorklistStore.Encoded#of}). One thread, thread CPU time per stage after a
 * JIT warm-up; the SHA-256 of the encoded items shows two builds produce the same bytes. Only public API present in
 * the baseline build, so that {@code RADBRIDGE_TREE=/work/wt/baseline} measures "before" with the same class.
 * Arguments: [messages=40000] [rounds=5]
 */
public final class MwlMappingCost {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private MwlMappingCost() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        MwlMapping mapping = MwlMapping.load(Mappings.packaged());
        OrderIdentifiers ids = OrderIdentifiers.packaged();
        String[] texts = new String[256];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = BenchMessages.orm("BENCH_COMMIT", 100_000 + i);
        }
        System.out.println(digest(mapping, texts));
        for (int level = 1; level <= 4; level++) {
            run(mapping, ids, texts, n, level); // JIT warm-up
        }
        System.out.println("| round | parse µs | + keys µs | + map µs | + encode µs | total µs/msg |");
        for (int r = 1; r <= rounds; r++) {
            double[] t = new double[5];
            for (int level = 1; level <= 4; level++) {
                t[level] = run(mapping, ids, texts, n, level) / 1e3 / n;
            }
            System.out.printf(Locale.ROOT, "| %d | %.2f | %.2f | %.2f | %.2f | %.2f |%n", r, t[1], t[2] - t[1], t[3] - t[2],
                    t[4] - t[3], t[4]);
        }
    }

    /**
     * Thread CPU nanoseconds of n messages through the first {@code level} stages (1 parse, 2 + journal keys, 3 + mapping,
     * 4 + encoding): a stage's cost is the difference between two levels (no clock read per message).
     */
    private static long run(MwlMapping mapping, OrderIdentifiers ids, String[] texts, int n, int level) {
        int sink = 0;
        long t0 = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            Hl7Message m = Hl7Parser.parse(texts[i & (texts.length - 1)]);
            sink += m.segments().size();
            if (level >= 2) {
                sink += ids.keys(m).accession().length();
            }
            if (level >= 3) {
                for (MwlMapping.Draft dr : mapping.mapOrder(m, null)) {
                    sink += dr.warnings().size();
                    if (level >= 4) {
                        sink += WorklistStore.Encoded.of(dr.item()).dataset().length;
                    }
                }
            }
        }
        long t = THREADS.getCurrentThreadCpuTime() - t0;
        if (sink == 42) {
            System.out.println();
        }
        return t;
    }

    /** SHA-256 over the encoded items of every message: equal in two builds means the same output. */
    private static String digest(MwlMapping mapping, String[] texts) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (String text : texts) {
            for (MwlMapping.Draft d : mapping.mapOrder(Hl7Parser.parse(text), null)) {
                md.update(WorklistStore.Encoded.of(d.item()).dataset());
                md.update(d.warnings().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return "items sha256 " + HexFormat.of().formatHex(md.digest());
    }
}
