package org.radbridge.bench;

import ca.uhn.fhir.parser.IParser;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.parser.PipeParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import org.radbridge.deid.Deidentifier;
import org.radbridge.deid.Profiles;
import org.radbridge.deid.fhir.FhirDeidentifier;
import org.radbridge.deid.keys.SurrogateTable;
import org.radbridge.mapping.Mappings;
import org.radbridge.store.Db;

/**
 * De-identification throughput, one thread (bench/README.md, "De-identification"): an ORU^R01 with report
 * text and a FHIR transaction bundle through each profile, next to the reference of the same run — HAPI
 * HL7 v2 parse + encode of the same ORU (typed v2.5.1 structures), HAPI FHIR JSON parse + encode of the
 * same bundle — which any engine that touches the message pays. Each message gets another patient, MRN,
 * accession and study UID (so keyed pseudonyms are computed, never cached) unless "same patient" says so.
 *
 * <p>Run: {@code bench/deid.sh [seconds per case]}.
 */
public final class DeidBench {

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        Path project = Path.of(System.getProperty("radbridge.project.dir", "."));
        String oru = Files.readString(project.resolve("test-messages/deid-canary-oru/message.hl7"), StandardCharsets.ISO_8859_1);
        String plain = Files.readString(project.resolve("test-messages/oru-r01-report/message.hl7"), StandardCharsets.ISO_8859_1);
        String bundle = Files.readString(project.resolve("test-messages/deid-canary-fhir/bundle.json"));
        Path data = Files.createTempDirectory("radbridge-deid-bench");
        try (Db db = Db.open(new Db.Config(null, null, null, data, "NORMAL", 2, 512))) {
            byte[] secret = SurrogateTable.secret(null, data);
            Deidentifier deid = new Deidentifier(new Profiles(new Mappings(project.resolve("mappings"), null)),
                    () -> new SurrogateTable.Store(db, secret),
                    "bench-key-0123456789abcdef-0123456789abcdef".getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
            String[] oruN = variants(oru, 4096, "CNYMRN0002", "CNYACC18", "99887766");
            String[] bundleN = variants(bundle, 1024, "CNYMRN0003", "CNYACC05", "99887755");
            String[] plainN = variants(plain, 4096, "PAT1001", "ACC1001", "543.1001");
            System.out.printf(Locale.ROOT, "ORU^R01 %d bytes (deid-canary-oru: report text, %d segments); small ORU %d bytes; "
                    + "FHIR bundle %d bytes (5 resources); %s s per case%n", oru.length(), oru.split("\r").length, plain.length(),
                    bundle.length(), seconds);
            java.util.Map<String, IntConsumer> cases = new java.util.LinkedHashMap<>();
            HapiContext hapi = new DefaultHapiContext();
            PipeParser pp = hapi.getPipeParser();
            cases.put("reference: HAPI HL7 v2 parse + encode of the ORU (v2.5.1 typed)", i -> {
                try {
                    pp.encode(pp.parse(oruN[i & 4095]));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            for (String profile : List.of("pseudonymized-research", "hipaa-safe-harbor", "limited-data-set")) {
                cases.put("ORU " + profile + (profile.equals("pseudonymized-research") ? "" : " (surrogate table, warm)"),
                        i -> deid.deidentify(profile, List.of(), oruN[i & 4095].getBytes(StandardCharsets.ISO_8859_1), null));
            }
            cases.put("small ORU (oru-r01-report) pseudonymized-research",
                    i -> deid.deidentify("pseudonymized-research", List.of(), plainN[i & 4095].getBytes(StandardCharsets.ISO_8859_1), null));
            cases.put("ORU pseudonymized-research, same patient every time",
                    i -> deid.deidentify("pseudonymized-research", List.of(), oru.getBytes(StandardCharsets.ISO_8859_1), null));
            IParser jp = FhirDeidentifier.context().newJsonParser();
            cases.put("reference: HAPI FHIR JSON parse + encode of the bundle", i -> jp.encodeResourceToString(jp.parseResource(bundleN[i & 1023])));
            for (String profile : List.of("pseudonymized-research", "hipaa-safe-harbor")) {
                cases.put("FHIR bundle " + profile + (profile.equals("pseudonymized-research") ? "" : " (surrogate table, warm)"),
                        i -> deid.deidentify(profile, List.of(), bundleN[i & 1023].getBytes(StandardCharsets.UTF_8), null));
            }
            int[] fresh = {0};
            cases.put("ORU hipaa-safe-harbor, new patient and accession every time (table inserts)",
                    i -> deid.deidentify("hipaa-safe-harbor", List.of(), oru.replace("CNYMRN0002", "NEW" + (fresh[0]++))
                            .replace("CNYACC18", "NA" + fresh[0]).replace("CNYORUCTRL10", "NC" + fresh[0]).getBytes(StandardCharsets.ISO_8859_1), null));
            for (int round = 0; round < 2; round++) {
                for (IntConsumer c : cases.values()) {
                    long until = System.nanoTime() + (long) (Math.max(1, seconds / 3) * 1e9);
                    for (int i = 0; System.nanoTime() < until; i++) {
                        c.accept(i);
                    }
                }
            }
            System.out.println("| case | messages/s (median window) | messages/s (best window) | CPU µs/message |");
            System.out.println("|---|---:|---:|---:|");
            cases.forEach((name, c) -> run(name, seconds, c));
            hapi.close();
        } finally {
            try (var s = Files.walk(data)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** n copies of a message, each with another patient id, accession and study UID suffix. */
    static String[] variants(String msg, int n, String mrn, String acc, String uid) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = msg.replace(mrn, "M" + (100000 + i)).replace(acc, "A" + (100000 + i)).replace(uid, String.valueOf(10000 + i));
        }
        return out;
    }

    /**
     * 20 windows (after a warm-up of every case, twice); reports the median and the best window in messages per second of wall
     * time (the machine is shared: the best window is the closest to an unloaded core) and CPU µs per
     * message of this thread over all windows.
     */
    static void run(String name, double seconds, IntConsumer work) {
        int i = 0;
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        int windows = 20;
        double[] rates = new double[windows];
        long cpu0 = mx.getCurrentThreadCpuTime();
        long total = 0;
        for (int w = 0; w < windows; w++) {
            long start = System.nanoTime();
            long end = start + (long) (seconds / windows * 1e9);
            int n = 0;
            while (System.nanoTime() < end) {
                for (int k = 0; k < 16; k++) {
                    work.accept(i++);
                }
                n += 16;
            }
            rates[w] = n / ((System.nanoTime() - start) / 1e9);
            total += n;
        }
        double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
        java.util.Arrays.sort(rates);
        System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | %.1f |%n", name, rates[windows / 2], rates[windows - 1], cpu * 1e6 / total);
    }
}
