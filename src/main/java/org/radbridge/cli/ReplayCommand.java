package org.radbridge.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.radbridge.mllp.MllpClient;
import org.radbridge.threads.Threads;
import org.radbridge.tls.Bcp195;
import org.radbridge.tls.ClientTls;
import org.radbridge.tls.TlsContexts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `radbridge replay PATH... --to HOST:PORT`: sends HL7 files over MLLP (one connection per worker; the
 * messages of one folder stay on one connection, in order), shows a progress bar, prints a summary (sent,
 * AA, AE, AR, errors, msgs/s, latency p50/p99) and exits non-zero if anything was not AA, unless
 * --allow-nak or the scenario's expected/ack.hl7 says that code. With --expect it is the regression suite instead
 * ({@link ReplayExpect}): in-process, compared with each scenario's expected/ files.
 */
@Command(name = "replay", description = "Send HL7 files over MLLP and summarise the acknowledgements.")
final class ReplayCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", description = "files or folders (folders: *.hl7, expected/ skipped)")
    List<Path> paths;

    @Option(names = "--to", description = "HOST:PORT of a running engine (not with --expect)")
    String to;

    @Option(names = "--expect", description = "regression suite: run each scenario folder in-process (a fresh dry-run engine with "
            + "the site's configuration, nothing sent anywhere) and compare ACKs, worklist, FHIR Bundles and outbound HL7 with "
            + "its expected/ files; print a diff and exit 1 on a difference")
    boolean expect;

    @Option(names = "--update-expected", description = "with --expect: write what the engine produced into expected/ instead")
    boolean updateExpected;

    @Option(names = "--config", description = "with --expect: properties file (also RADBRIDGE_CONFIG)")
    Path config;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--concurrency", defaultValue = "1", description = "connections (default 1)")
    int concurrency;

    @Option(names = "--rate", defaultValue = "0", description = "messages per second over all connections (0 = as fast as acknowledged)")
    double rate;

    @Option(names = "--repeat", defaultValue = "1", description = "send everything this many times")
    int repeat;

    @Option(names = "--timeout", defaultValue = "30", description = "seconds to wait for each ACK")
    int timeout;

    @Option(names = "--allow-nak", description = "exit 0 even if some messages were not answered AA")
    boolean allowNak;

    @Option(names = "--tls", description = "connect with TLS")
    boolean tls;

    @Option(names = "--truststore", description = "PKCS12/JKS trust store for --tls")
    Path truststore;

    @Option(names = "--truststore-password", defaultValue = "${env:RADBRIDGE_REPLAY_TRUSTSTORE_PASSWORD}")
    String truststorePassword;

    @Option(names = "--keystore", description = "client certificate (PKCS12/JKS) for mutual TLS")
    Path keystore;

    @Option(names = "--keystore-password", defaultValue = "${env:RADBRIDGE_REPLAY_KEYSTORE_PASSWORD}")
    String keystorePassword;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    @Option(names = "--verbose", description = "print each file's ACK code and error text")
    boolean verbose;

    private final Map<String, AtomicInteger> codes = new ConcurrentHashMap<>();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicInteger unexpected = new AtomicInteger();
    private final AtomicInteger expectedNaks = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicLong nextSendNanos = new AtomicLong();

    @Override
    public Integer call() throws Exception {
        if (expect || updateExpected) {
            return expect();
        }
        if (to == null) {
            System.err.println("--to HOST:PORT is required (or --expect for the in-process regression suite)");
            return 2;
        }
        String[] hp = to.split(":");
        if (hp.length != 2) {
            System.err.println("--to must be HOST:PORT");
            return 2;
        }
        String host = hp[0];
        int port = Integer.parseInt(hp[1]);
        List<Path> files = Hl7Files.find(paths);
        Map<Path, List<Hl7Files.Item>> groups = new LinkedHashMap<>();
        for (Path f : files) {
            groups.computeIfAbsent(f.getParent() == null ? Path.of(".") : f.getParent(), k -> new ArrayList<>()).addAll(Hl7Files.read(f));
        }
        List<List<Hl7Files.Item>> lanes = new ArrayList<>();
        for (int i = 0; i < Math.max(1, concurrency); i++) {
            lanes.add(new ArrayList<>());
        }
        int g = 0;
        for (int r = 0; r < repeat; r++) {
            for (List<Hl7Files.Item> grp : groups.values()) {
                lanes.get(g++ % lanes.size()).addAll(grp);
            }
        }
        int total = lanes.stream().mapToInt(List::size).sum();
        if (total == 0) {
            System.err.println("no HL7 files found");
            return 2;
        }
        ClientTls clientTls = tls ? clientTls() : null;
        long[] latencies = new long[total];
        AtomicInteger latIdx = new AtomicInteger();
        long t0 = System.nanoTime();
        nextSendNanos.set(t0);
        List<Thread> threads = new ArrayList<>();
        for (List<Hl7Files.Item> lane : lanes) {
            if (lane.isEmpty()) {
                continue;
            }
            Thread t = new Thread(() -> runLane(host, port, clientTls, lane, latencies, latIdx));
            t.start();
            threads.add(t);
        }
        Thread progress = quiet ? null : Threads.startDaemon("replay-progress", () -> progress(total));
        for (Thread t : threads) {
            t.join();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        if (progress != null) {
            drawBar(total, total);
            System.err.println();
        }
        long[] lat = Arrays.copyOf(latencies, latIdx.get());
        Arrays.sort(lat);
        PrintStream o = System.out;
        Map<String, Integer> sorted = new TreeMap<>();
        codes.forEach((k, v) -> sorted.put(k, v.get()));
        o.printf("sent %d, AA %d, AE %d, AR %d, errors %d%s%n", total, sorted.getOrDefault("AA", 0),
                sorted.getOrDefault("AE", 0), sorted.getOrDefault("AR", 0), errors.get(), other(sorted));
        o.printf("%.1f msgs/s over %.2f s, %d connection(s); ACK latency p50 %.2f ms, p99 %.2f ms%n", total / secs, secs,
                threads.size(), pct(lat, 0.50), pct(lat, 0.99));
        if (expectedNaks.get() > 0) {
            o.printf("%d AE/AR were expected by their scenario (expected/ack.hl7)%n", expectedNaks.get());
        }
        boolean ok = errors.get() == 0 && (allowNak || unexpected.get() == 0);
        if (!ok) {
            o.printf("not all messages were answered as expected (%d unexpected, %d errors)%n", unexpected.get(), errors.get());
        }
        return ok ? 0 : 1;
    }

    private int expect() throws Exception {
        java.io.PrintWriter out = spec.commandLine().getOut();
        java.io.PrintWriter err = spec.commandLine().getErr();
        if (to != null) {
            err.println("--expect runs in-process (a dry-run engine with the site's configuration): --to is not used with it");
            err.flush();
            return 2;
        }
        org.radbridge.settings.Settings s;
        try {
            s = org.radbridge.settings.Settings.load(config, System.getenv(), System.getProperties());
            s.validate();
        } catch (org.radbridge.settings.ConfigException e) {
            err.println(e.getMessage());
            err.flush();
            return 2;
        }
        try (QuietLogs q = new QuietLogs(!verbose)) {
            return new ReplayExpect(s, out, err, updateExpected, verbose).run(paths);
        }
    }

    private static String other(Map<String, Integer> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> {
            if (!k.equals("AA") && !k.equals("AE") && !k.equals("AR")) {
                sb.append(", ").append(k).append(' ').append(v);
            }
        });
        return sb.toString();
    }

    private void runLane(String host, int port, ClientTls clientTls, List<Hl7Files.Item> lane, long[] lat, AtomicInteger idx) {
        MllpClient c = null;
        for (Hl7Files.Item item : lane) {
            pace();
            try {
                if (c == null || !c.isConnected()) {
                    c = MllpClient.open(host, port, 5000, timeout * 1000, clientTls == null ? null : clientTls::wrap);
                }
                long s = System.nanoTime();
                byte[] ack = c.exchange(item.payload());
                long d = System.nanoTime() - s;
                if (ack == null) {
                    throw new java.io.IOException("connection closed without an ACK");
                }
                lat[idx.getAndIncrement()] = d;
                String code = msa1(ack);
                codes.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
                boolean expected = code.equals("AA") || code.equals(item.expectedAck());
                if (!code.equals("AA") && expected) {
                    expectedNaks.incrementAndGet();
                }
                if (!expected) {
                    unexpected.incrementAndGet();
                }
                if (verbose || !expected) {
                    System.err.printf("%s%s: %s %s%n", item.file(), item.index() > 0 ? "#" + (item.index() + 1) : "", code,
                            expected ? "" : errText(ack));
                }
            } catch (Exception e) {
                errors.incrementAndGet();
                System.err.printf("%s: error: %s%n", item.file(), e.getMessage());
                try {
                    if (c != null) {
                        c.close();
                    }
                } catch (Exception ignored) {
                    // reconnect next time
                }
                c = null;
            } finally {
                done.incrementAndGet();
            }
        }
        try {
            if (c != null) {
                c.close();
            }
        } catch (Exception ignored) {
            // closing
        }
    }

    private void pace() {
        if (rate <= 0) {
            return;
        }
        long interval = (long) (1e9 / rate);
        long slot = nextSendNanos.getAndAdd(interval);
        long wait = slot - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static String msa1(byte[] ack) {
        for (String seg : new String(ack, StandardCharsets.ISO_8859_1).split("\r|\n")) {
            if (seg.startsWith("MSA") && seg.length() > 4) {
                String[] f = seg.split(java.util.regex.Pattern.quote(String.valueOf(seg.charAt(3))), -1);
                return f.length > 1 ? f[1] : "?";
            }
        }
        return "?";
    }

    private static String errText(byte[] ack) {
        StringBuilder sb = new StringBuilder();
        for (String seg : new String(ack, StandardCharsets.ISO_8859_1).split("\r|\n")) {
            if (seg.startsWith("ERR") || seg.startsWith("MSA")) {
                sb.append(seg).append(' ');
            }
        }
        return sb.toString().trim();
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    private void progress(int total) {
        while (done.get() < total) {
            drawBar(done.get(), total);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void drawBar(int n, int total) {
        int width = 40;
        int fill = (int) ((long) n * width / total);
        System.err.print("\r[" + "#".repeat(fill) + " ".repeat(width - fill) + "] " + n + "/" + total);
        System.err.flush();
    }

    /** The client TLS of --tls: TLS 1.3/1.2 with the BCP 195 suites only, as the engine's own listeners and clients. */
    private ClientTls clientTls() {
        TlsContexts.Store trust = truststore == null ? null : new TlsContexts.Store(truststore,
                truststorePassword == null ? null : truststorePassword.toCharArray(), "--truststore");
        TlsContexts.Store key = keystore == null ? null : new TlsContexts.Store(keystore,
                keystorePassword == null ? new char[0] : keystorePassword.toCharArray(), "--keystore");
        return ClientTls.of(key, trust, Bcp195.PROTOCOLS.toArray(String[]::new), false);
    }
}
