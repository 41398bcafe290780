package org.radbridge.bench;

import ch.qos.logback.classic.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.VR;
import org.radbridge.dicom.net.AAssociateRQ;
import org.radbridge.dicom.net.Association;
import org.radbridge.dicom.net.DicomClient;
import org.radbridge.dicom.net.FindResponses;
import org.radbridge.dicom.net.Status;
import org.radbridge.dicom.testing.Dcmtk;
import org.radbridge.mllp.MllpClient;
import org.radbridge.testing.TestEngine;
import org.slf4j.LoggerFactory;

/**
 * MWL C-FIND benchmark (bench/README.md, "MWL C-FIND"): the real engine gets N worklist items (the first
 * through HL7, OMI^O23 over MLLP; the rest are copies of that item with other patients, stations, dates and
 * identifiers, saved through the worklist service in batches, or all through MLLP with "--hl7"), exports them
 * as .wl files (dcmtk layout) and DCMTK wlmscpfs serves the same files. Two queries (a typical modality query: station AE + modality + today; a patient-name wild
 * card) are asked of both, each as a modality does it (associate, C-FIND, release), sequentially and on 8
 * concurrent associations, with the same SCU. Prints queries/s, p50 and p99 per SCP and query.
 *
 * <p>Arguments: [items=10000] [queries=2000] [refQueries=20] [concurrency=8] [--hl7]. System property
 * {@code bench.jfr=FILE}: a Java Flight Recorder recording (settings "profile") of RadBridge's measured queries only
 * (not the loading, the warm-up nor wlmscpfs), for bench/profile.sh.
 */
public final class MwlCFindBench {

    static final String[] SURNAMES = {"ADAMS", "BAKER", "CLARK", "DAVIS", "EVANS", "FISCHER", "GARCIA", "HUBER", "IVANOV", "JONES",
        "KOWALSKI", "LOPEZ", "MILLER", "NGUYEN", "OLSEN", "PETROV", "QUINN", "ROSSI", "SCHMIDT", "TANAKA", "URBAN", "VOGEL",
        "WAGNER", "XU", "YILMAZ", "ZIMMER", "MARTIN", "BERNARD", "DUBOIS", "MORENO", "ROMERO", "SILVA", "COSTA", "NOVAK",
        "HORVAT", "NIELSEN", "LARSEN", "BERG", "JANSEN", "DE VRIES", "MEYER", "WEBER", "BECKER", "HOFFMANN", "KOCH", "RICHTER",
        "KLEIN", "WOLF", "NEUMANN", "SCHWARZ", "SMYTHE", "SMALL", "SCOTT", "SANTOS", "SAUER", "SIMON", "STONE", "SUZUKI"};
    /** About 1 % of the patients have a surname starting with SMI (the wild card query "SMI*"). */
    static final String[] SMI = {"SMITH", "SMITHSON", "SMIRNOV"};
    static final String[] GIVEN = {"ANNA", "BEN", "CARLA", "DAVID", "EMMA", "FELIX", "GRETA", "HUGO", "IDA", "JONAS"};
    static final String[] MODALITIES = {"CT", "MR", "US", "CR"};

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int refQueries = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        boolean viaHl7 = Arrays.asList(args).contains("--hl7");
        System.out.printf(Locale.ROOT, "MWL C-FIND benchmark: %d items, %d queries (wlmscpfs %d), %d concurrent; cores %d, "
                + "load average %.1f%n", items, queries, refQueries, concurrency, Runtime.getRuntime().availableProcessors(), load());
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        Path export = Files.createTempDirectory("mwl-bench");
        LocalDate today = LocalDate.now();
        String d0 = today.format(DateTimeFormatter.BASIC_ISO_DATE);
        try (TestEngine engine = TestEngine.start(Map.of("radbridge.worklist.export-dir", export.toString(),
                "radbridge.worklist.export-ae", "WLM", "radbridge.outbox.poll-ms", "1000", "radbridge.worklist.max-answers", "100000",
                "radbridge.worklist.expire-after-hours", "0"))) {
            long t0 = System.nanoTime();
            if (viaHl7) {
                load(engine, items, today);
            } else {
                load(engine, 1, today);
                copies(engine, items, today);
            }
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            Path dir = export.resolve("WLM");
            while (count(dir) < items) {
                Thread.sleep(100);
            }
            double exportSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "loaded %d items (%s) in %.1f s; .wl export complete after %.1f s%n",
                    items, viaHl7 ? "HL7 over MLLP" : "1 over MLLP, copies saved through the worklist service", loadSeconds, exportSeconds);
            try (Dcmtk.Peer wlm = Dcmtk.startWlmscpfs(export, Dcmtk.freePort(), "-dhl")) {
                Attributes typical = typical("CT03", "CT", d0);
                Attributes wildcard = nameWildcard("SMI*");
                System.out.printf(Locale.ROOT, "matches: typical %d (RadBridge) / %d (wlmscpfs); wildcard %d / %d%n",
                        find(engine.dicomPort(), "RADBRIDGE", typical), find(wlm.port(), "WLM", typical),
                        find(engine.dicomPort(), "RADBRIDGE", wildcard), find(wlm.port(), "WLM", wildcard));
                System.out.println("| SCP | query | concurrent associations | queries | queries/s | p50 ms | p99 ms | C-FIND only p50 / p99 ms | CPU ms/query |");
                System.out.println("|---|---|---|---|---|---|---|---|---|");
                for (Object[] q : new Object[][] {{"typical (station+modality+today)", typical}, {"patient name SMI*", wildcard}}) {
                    Attributes keys = (Attributes) q[1];
                    // warm-up
                    run(engine.dicomPort(), "RADBRIDGE", keys, Math.min(200, queries), 1, -1);
                    jfr(true);
                    Run seq = run(engine.dicomPort(), "RADBRIDGE", keys, queries, 1, -1);
                    Run par = run(engine.dicomPort(), "RADBRIDGE", keys, queries, concurrency, -1);
                    jfr(false);
                    print("RadBridge", (String) q[0], 1, seq);
                    print("RadBridge", (String) q[0], concurrency, par);
                    print("wlmscpfs", (String) q[0], 1, run(wlm.port(), "WLM", keys, refQueries, 1, wlm.pid()));
                    print("wlmscpfs", (String) q[0], concurrency, run(wlm.port(), "WLM", keys, Math.max(refQueries, concurrency * 3),
                            concurrency, wlm.pid()));
                }
            }
        } finally {
            TestEngine.deleteTree(export);
        }
        if (recording != null) {
            recording.close();
            System.out.println("JFR recording of RadBridge's measured queries: " + System.getProperty("bench.jfr"));
        }
        System.out.printf(Locale.ROOT, "load average at the end %.1f%n", load());
    }

    private static jdk.jfr.Recording recording;

    /** Starts (or resumes) and pauses the optional recording of RadBridge's measured queries (bench.jfr). */
    static void jfr(boolean on) throws Exception {
        String file = System.getProperty("bench.jfr");
        if (file == null || file.isBlank()) {
            return;
        }
        if (on) {
            if (recording == null) {
                recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
                recording.setDestination(Path.of(file));
                recording.start();
            } else {
                recording.enable("jdk.ExecutionSample");
                recording.enable("jdk.NativeMethodSample");
            }
        } else {
            recording.disable("jdk.ExecutionSample");
            recording.disable("jdk.NativeMethodSample");
        }
    }

    static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Sends the orders over 4 MLLP connections. */
    static void load(TestEngine engine, int items, LocalDate today) throws Exception {
        int conns = 4;
        ExecutorService pool = Executors.newFixedThreadPool(conns);
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> fs = new ArrayList<>();
        for (int c = 0; c < conns; c++) {
            fs.add(pool.submit(() -> {
                try (MllpClient client = engine.client()) {
                    for (int i = next.getAndIncrement(); i < items; i = next.getAndIncrement()) {
                        byte[] ack = client.exchange(order(i, today).getBytes(StandardCharsets.UTF_8));
                        if (!new String(ack, StandardCharsets.UTF_8).contains("MSA|AA")) {
                            throw new IllegalStateException("not AA: " + new String(ack, StandardCharsets.UTF_8));
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
    }

    /** Items 1..n-1 as copies of item 0 with the values of {@link #order}, 500 per transaction. */
    static void copies(TestEngine engine, int items, LocalDate today) {
        org.radbridge.worklist.WorklistService service = (org.radbridge.worklist.WorklistService) engine.app().engine().beans()
                .get("worklistService");
        org.radbridge.worklist.WorklistItem first = service.store().list(new org.radbridge.worklist.WorklistStore.Filter(
                null, null, null, null, null, "P0", null, null, 1)).get(0);
        for (int from = 1; from < items; from += 500) {
            int start = from;
            engine.app().engine().context().db().writeAndWait(tx -> {
                for (int i = start; i < Math.min(items, start + 500); i++) {
                    Attributes ds = first.dataset().copy();
                    String modality = MODALITIES[i % 4];
                    LocalDateTime at = when(i, today);
                    ds.setString(Tag.PatientName, VR.PN, name(i));
                    ds.setString(Tag.PatientID, VR.LO, "P" + i);
                    ds.setString(Tag.PatientBirthDate, VR.DA, "19" + (40 + i % 60) + "0101");
                    ds.setString(Tag.PatientSex, VR.CS, i % 2 == 0 ? "F" : "M");
                    ds.setString(Tag.AccessionNumber, VR.SH, "ACC" + i);
                    ds.setString(Tag.RequestedProcedureID, VR.SH, "RP" + i);
                    ds.setString(Tag.StudyInstanceUID, VR.UI, "1.2.826.0.1.3680043.10.543.7." + i);
                    Attributes sps = ds.getNestedItem(Tag.ScheduledProcedureStepSequence);
                    sps.setString(Tag.Modality, VR.CS, modality);
                    sps.setString(Tag.ScheduledStationAETitle, VR.AE, station(i));
                    sps.setString(Tag.ScheduledProcedureStepStartDate, VR.DA, at.format(DateTimeFormatter.BASIC_ISO_DATE));
                    sps.setString(Tag.ScheduledProcedureStepStartTime, VR.TM, at.format(DateTimeFormatter.ofPattern("HHmmss")));
                    sps.setString(Tag.ScheduledProcedureStepID, VR.SH, "SPS" + i);
                    sps.setString(Tag.ScheduledProcedureStepDescription, VR.LO, modality + " protocol");
                    service.save(tx, org.radbridge.worklist.WorklistItem.of("P" + i + "^HOSP", "PLC" + i + "^EMR", "PROC^LOCAL", ds), null);
                }
                return null;
            });
        }
    }

    static String station(int i) {
        return MODALITIES[i % 4] + String.format("%02d", 1 + (i / 4) % 5);
    }

    static LocalDateTime when(int i, LocalDate today) {
        return today.plusDays((i / 20) % 25 - 12).atTime(7 + (i / 500) % 11, (i * 7) % 60);
    }

    static String name(int i) {
        String family = i % 100 == 37 ? SMI[(i / 100) % SMI.length] : SURNAMES[(i * 31) % SURNAMES.length];
        return family + "^" + GIVEN[(i * 7) % GIVEN.length];
    }

    /** Item i: 20 stations (5 per modality), 25 days around today, 07:00-18:00. */
    static String order(int i, LocalDate today) {
        String modality = MODALITIES[i % 4];
        String station = station(i);
        LocalDateTime start = when(i, today);
        String name = name(i);
        String start14 = start.format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        return String.join("\r",
                "MSH|^~\\&|DEMO_RIS|RADIOLOGY|RADBRIDGE|RAD|20261201120000||OMI^O23^OMI_O23|B" + i + "|P|2.5.1",
                "PID|1||P" + i + "^^^HOSP^MR||" + name + "||19" + (40 + i % 60) + "0101|" + (i % 2 == 0 ? "F" : "M"),
                "PV1|1|O|RAD^R1^^HOSP||||4444^CARTER^JOHN^^^DR|5555^REFER^RITA",
                "ORC|NW|PLC" + i + "^EMR|FIL" + i + "^RIS||SC||||20261201120000",
                "TQ1|1||||||" + start14 + "||R",
                "OBR|1|PLC" + i + "^EMR|FIL" + i + "^RIS|PROC^REQUESTED PROCEDURE^LOCAL",
                "IPC|ACC" + i + "^RIS|RP" + i + "|1.2.826.0.1.3680043.10.543.7." + i + "|SPS" + i + "|" + modality + "|P1^" + modality
                        + " protocol^LOCAL|ROOM|LOC|" + station) + "\r";
    }

    static Attributes returnKeys() {
        Attributes k = new Attributes();
        for (int t : new int[] {Tag.PatientName, Tag.PatientID, Tag.PatientBirthDate, Tag.PatientSex, Tag.AccessionNumber,
            Tag.StudyInstanceUID, Tag.RequestedProcedureID, Tag.RequestedProcedureDescription, Tag.ReferringPhysicianName}) {
            k.setNull(t, org.radbridge.dicom.Dictionary.vrOf(t));
        }
        Attributes sps = k.newSequence(Tag.ScheduledProcedureStepSequence).addItem();
        for (int t : new int[] {Tag.ScheduledStationAETitle, Tag.ScheduledProcedureStepStartDate, Tag.ScheduledProcedureStepStartTime,
            Tag.Modality, Tag.ScheduledPerformingPhysicianName, Tag.ScheduledProcedureStepDescription, Tag.ScheduledProcedureStepID}) {
            sps.setNull(t, org.radbridge.dicom.Dictionary.vrOf(t));
        }
        return k;
    }

    static Attributes typical(String station, String modality, String date) {
        Attributes k = returnKeys();
        Attributes sps = k.getNestedItem(Tag.ScheduledProcedureStepSequence);
        sps.setString(Tag.ScheduledStationAETitle, VR.AE, station);
        sps.setString(Tag.Modality, VR.CS, modality);
        sps.setString(Tag.ScheduledProcedureStepStartDate, VR.DA, date);
        return k;
    }

    static Attributes nameWildcard(String pattern) {
        Attributes k = returnKeys();
        k.setString(Tag.PatientName, VR.PN, pattern);
        return k;
    }

    /** One modality query: associate, C-FIND, release; returns the number of matches. */
    static int find(int port, String called, Attributes keys) throws Exception {
        return find(port, called, keys, null, 0);
    }

    /** The same, storing the C-FIND round trip alone (request to final response) in findNanos[i]. */
    static int find(int port, String called, Attributes keys, long[] findNanos, int i) throws Exception {
        AAssociateRQ rq = new AAssociateRQ();
        rq.setCallingAE("CT03");
        rq.setCalledAE(called);
        rq.addPresentationContext(UID.ModalityWorklistInformationModelFind, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);
        try (Association as = new DicomClient().connect("127.0.0.1", port, rq)) {
            long t = System.nanoTime();
            FindResponses r = as.find(UID.ModalityWorklistInformationModelFind, keys);
            int n = r.matches().size();
            r.finalResponse();
            if (findNanos != null) {
                findNanos[i] = System.nanoTime() - t;
            }
            if (r.finalResponse().status() != Status.SUCCESS) {
                throw new IllegalStateException(called + ": status " + Status.toString(r.finalResponse().status()));
            }
            return n;
        }
    }

    /** n queries on {@code threads} threads; latencies and wall time in nanoseconds; CPU of this JVM plus the peer. */
    record Run(long[] latencies, long[] findOnly, long wallNanos, long cpuNanos) {
    }

    /** CPU time of this JVM (SCU, and for RadBridge also the SCP). */
    static long jvmCpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU time of a process and its reaped children (wlmscpfs forks one per association), from /proc/PID/stat. */
    static long processCpu(long pid) throws Exception {
        if (pid <= 0) {
            return 0;
        }
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        return ticks * 10_000_000L; // USER_HZ = 100
    }

    static Run run(int port, String called, Attributes keys, int n, int threads, long peerPid) throws Exception {
        long[] lat = new long[n];
        long[] findOnly = new long[n];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long cpu0 = jvmCpu() + processCpu(peerPid);
        long start = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            fs.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    long s = System.nanoTime();
                    find(port, called, keys, findOnly, i);
                    lat[i] = System.nanoTime() - s;
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        long wall = System.nanoTime() - start;
        Thread.sleep(200); // let wlmscpfs reap its last children
        long cpu = jvmCpu() + processCpu(peerPid) - cpu0;
        pool.shutdown();
        return new Run(lat, findOnly, wall, cpu);
    }

    static void print(String scp, String query, int assocs, Run r) {
        long[] l = r.latencies().clone();
        long[] f = r.findOnly().clone();
        Arrays.sort(l);
        Arrays.sort(f);
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %.1f | %.2f | %.2f | %.2f / %.2f | %.2f |%n", scp, query, assocs, l.length,
                l.length / (r.wallNanos() / 1e9), p(l, 0.5), p(l, 0.99), p(f, 0.5), p(f, 0.99), r.cpuNanos() / 1e6 / l.length);
    }

    /** Nearest-rank percentile, in milliseconds. */
    static double p(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(sorted.length * q) - 1))] / 1e6;
    }

    static long count(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".wl")).count();
        }
    }
}
