package org.radbridge.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.radbridge.mllp.MllpClient;

/**
 * MLLP load generator. Closed loop: N connections, each sends a message and waits for its ACK, for a
 * warm-up then a measured window. Open loop (--rate): messages offered at a fixed total rate spread over
 * the connections; latency is measured from the scheduled send time (so queueing shows), throughput counts
 * the answers received within the window (an overloaded server answers less than offered).
 * Usage: MllpLoad PORT CONNECTIONS WARMUP_S MEASURE_S SENDER [RATE]
 * Prints one line: conns, msgs/s, p50 ms, p99 ms, errors, non-AA, answered (all ACKs, warm-up included).
 */
public final class MllpLoad {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int conns = Integer.parseInt(args[1]);
        long warm = Long.parseLong(args[2]) * 1_000_000_000L;
        long measure = Long.parseLong(args[3]) * 1_000_000_000L;
        String sender = args[4];
        double rate = args.length > 5 ? Double.parseDouble(args[5]) : 0;
        AtomicLong seq = new AtomicLong(System.currentTimeMillis() % 1_000_000 * 1000);
        long start = System.nanoTime();
        long measureStart = start + warm;
        long end = measureStart + measure;
        List<long[]> lat = new ArrayList<>();
        long[] counts = new long[conns];
        long[] errors = new long[conns];
        long[] naks = new long[conns];
        long[] answered = new long[conns];
        List<Thread> threads = new ArrayList<>();
        long interval = rate > 0 ? (long) (1e9 * conns / rate) : 0;
        for (int c = 0; c < conns; c++) {
            int ci = c;
            long[] l = new long[10_000_000 / Math.max(1, conns / 4)];
            lat.add(l);
            Thread t = new Thread(() -> {
                int n = 0;
                long next = start + (interval > 0 ? interval * ci / conns : 0);
                try (MllpClient client = new MllpClient("127.0.0.1", port, 5000, 30000, null)) {
                    while (true) {
                        long now = System.nanoTime();
                        if (now >= end || interval > 0 && next >= end) {
                            break;
                        }
                        long sched = now;
                        if (interval > 0) {
                            if (next > now) {
                                long w = next - now;
                                Thread.sleep(w / 1_000_000, (int) (w % 1_000_000));
                            }
                            sched = next;
                            next += interval;
                        }
                        byte[] msg = BenchMessages.orm(sender, seq.incrementAndGet()).getBytes(StandardCharsets.US_ASCII);
                        byte[] ack = client.exchange(msg);
                        long done = System.nanoTime();
                        if (ack == null) {
                            errors[ci]++;
                            break;
                        }
                        answered[ci]++;
                        String a = new String(ack, StandardCharsets.US_ASCII);
                        if (!a.contains("MSA|AA|") && !a.contains("MSA|CA|")) {
                            naks[ci]++;
                        }
                        // closed loop: messages sent in the window; open loop: every answer received in the window
                        // (an overloaded server's backlog then shows as latency from the scheduled time)
                        boolean counted = interval > 0 ? done >= measureStart && done <= end : sched >= measureStart && done <= end;
                        if (counted && n < l.length) {
                            l[n++] = done - sched;
                            counts[ci]++;
                        }
                    }
                } catch (Exception e) {
                    errors[ci]++;
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long total = Arrays.stream(counts).sum();
        long[] all = new long[(int) total];
        int k = 0;
        for (int c = 0; c < conns; c++) {
            System.arraycopy(lat.get(c), 0, all, k, (int) counts[c]);
            k += (int) counts[c];
        }
        Arrays.sort(all);
        double secs = measure / 1e9;
        System.out.printf("conns=%d msgs_per_s=%.0f p50_ms=%.3f p99_ms=%.3f errors=%d non_aa=%d answered=%d%n", conns, total / secs,
                pct(all, 0.5), pct(all, 0.99), Arrays.stream(errors).sum(), Arrays.stream(naks).sum(), Arrays.stream(answered).sum());
    }

    static double pct(long[] a, double p) {
        if (a.length == 0) {
            return 0;
        }
        return a[(int) Math.min(a.length - 1, Math.ceil(p * a.length) - 1)] / 1e6;
    }
}
