package org.radbridge.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.VR;
import org.radbridge.dicom.net.Association;
import org.radbridge.dicom.net.DicomServer;
import org.radbridge.dicom.net.DimseResponse;
import org.radbridge.dicom.net.PresentationContext;
import org.radbridge.dicom.net.service.DicomServiceRegistry;
import org.radbridge.dicom.net.service.NServiceScp;
import org.radbridge.mllp.MllpClient;
import org.radbridge.testing.Scenarios;
import org.radbridge.testing.TestEngine;

/**
 * MPPS benchmark (bench/README.md, "MPPS"): N orders are scheduled over MLLP, then N procedures are performed as a
 * modality does it — one association per MPPS carrying N-CREATE (IN PROGRESS) and N-SET (COMPLETED, one series of
 * 20 images, CT dose) — on {@code concurrency} parallel associations, against (1) the real engine (validate, match,
 * SPS status, EMR status message, FHIR Bundle, journal, audit: one transaction per request; EMR and FHIR to the file
 * outbox) and (2) the reference: a bare SCP of RadBridge's own DICOM layer in the same JVM that answers Success and
 * does nothing, i.e. the protocol floor of the same SCU. Both are warmed up first (bare: 200 MPPS; engine: 200 more
 * orders and MPPS, then the outboxes drained), not counted. Prints MPPS/s and the p50/p99 of N-CREATE and N-SET.
 *
 * <p>Arguments: [mpps=500] [concurrency=4]. System property {@code bench.jfr=FILE}: a Java Flight Recorder recording
 * (settings "profile", or the settings file {@code bench.jfc}) of the engine's measured MPPS phase only (not the
 * start-up, the orders nor the warm-up), for bench/profile.sh.
 */
public final class MppsBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        double bareRate;
        System.out.printf("MPPS benchmark: %d procedures (N-CREATE + N-SET each, one association each), %d concurrent; "
                + "cores %d, load average %.1f%n", n, concurrency, Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try (DicomServer bare = new DicomServer(new DicomServer.Config().name("BARE").bindAddress("127.0.0.1").port(0)
                .aeTitles(java.util.Set.of("RADBRIDGE")).handler(new DicomServiceRegistry().add(new NServiceScp(UID.ModalityPerformedProcedureStep) {
                    @Override
                    protected Attributes create(Association as, Attributes rq, String iuid, Attributes data) {
                        return null;
                    }

                    @Override
                    protected Attributes set(Association as, Attributes rq, String iuid, Attributes data) {
                        return null;
                    }
                }))).start()) {
            run("warm-up of the bare SCP (not counted)", bare.port(), Math.min(n, 200), concurrency, "7", 0);
            bareRate = run("reference: bare SCP (RadBridge DICOM layer, no processing)", bare.port(), n, concurrency, "9", 0);
        }
        try (TestEngine e = TestEngine.start(Map.of("radbridge.outbox.poll-ms", "50"))) {
            String order = Files.readString(Scenarios.dir("orm-o01-ris-new-ct").resolve("message.hl7"), StandardCharsets.ISO_8859_1);
            int warm = Math.min(n, 200);
            long t0 = System.nanoTime();
            try (MllpClient c = e.client()) {
                for (int i = 0; i < n + warm; i++) {
                    byte[] ack = c.exchange(order.replace("1001", id(i)).getBytes(StandardCharsets.ISO_8859_1));
                    if (!new String(ack, StandardCharsets.ISO_8859_1).contains("MSA|AA")) {
                        throw new IllegalStateException("order refused: " + new String(ack, StandardCharsets.ISO_8859_1));
                    }
                }
            }
            System.out.printf("  %d orders scheduled over MLLP in %.1f s%n", n + warm, (System.nanoTime() - t0) / 1e9);
            run("warm-up of the engine (not counted)", e.dicomPort(), warm, concurrency, "5", n);
            drain(e, 120_000);
            String jfr = System.getProperty("bench.jfr");
            jdk.jfr.Recording rec = null;
            if (jfr != null && !jfr.isBlank()) {
                String jfc = System.getProperty("bench.jfc"); // another settings file, e.g. a shorter sampling period
                rec = new jdk.jfr.Recording(jfc == null ? jdk.jfr.Configuration.getConfiguration("profile")
                        : jdk.jfr.Configuration.create(java.nio.file.Path.of(jfc)));
                rec.setDestination(java.nio.file.Path.of(jfr));
                rec.start();
            }
            org.radbridge.store.Db db = e.app().engine().context().db();
            long units0 = db.writerUnits();
            long batches0 = db.writerBatches();
            double work0 = db.writerWorkSeconds();
            double commit0 = db.writerCommitSeconds();
            double rate = run("RadBridge engine (procedure-status)", e.dicomPort(), n, concurrency, "8", 0);
            long units = db.writerUnits() - units0;
            long batches = db.writerBatches() - batches0;
            System.out.printf("  writer: %d units in %d batches (%.1f per batch); work %.2f ms per unit, commit %.2f ms per batch "
                    + "(wall time on the writer thread)%n", units, batches, units / (double) Math.max(1, batches),
                    (db.writerWorkSeconds() - work0) * 1e3 / Math.max(1, units), (db.writerCommitSeconds() - commit0) * 1e3
                    / Math.max(1, batches));
            if (rec != null) {
                rec.stop();
                rec.close();
                System.out.println("  JFR recording of the engine's MPPS phase: " + jfr);
            }
            System.out.printf("  ratio RadBridge / bare SCP: %.2fx (target >= 0.8x); load average now %.1f%n", rate / bareRate,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            System.out.printf("  outbox drained (EMR + FHIR file outbox) %.1f s after the last MPPS%n", drain(e, 120_000));
        }
    }

    /** Waits (at most {@code maxMs}) until the outboxes are empty; returns the seconds waited. */
    private static double drain(TestEngine e, long maxMs) throws InterruptedException {
        long t0 = System.currentTimeMillis();
        try {
            org.radbridge.testing.Waits.until("outboxes drained", java.time.Duration.ofMillis(maxMs),
                    () -> e.app().engine().context().outbox().stats().values().stream().noneMatch(s -> s.depth() > 0));
        } catch (org.awaitility.core.ConditionTimeoutException notDrained) {
            // reported by the caller as the time waited
        }
        return (System.currentTimeMillis() - t0) / 1e3;
    }

    static String id(int i) {
        return String.format("8%05d", i);
    }

    /** Runs n MPPS (orders {@code first} .. first + n - 1) on {@code concurrency} associations; prints and returns MPPS/s. */
    private static double run(String label, int port, int n, int concurrency, String uidPrefix, int first) throws Exception {
        List<Long> creates = Collections.synchronizedList(new ArrayList<>());
        List<Long> sets = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long cpu0 = cpu();
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            fs.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < n; ) {
                    String iuid = "1.2.826.0.1.3680043.10.543.7" + uidPrefix + "." + i;
                    try (Association as = Association.connect("127.0.0.1", port, "CT01", "RADBRIDGE", List.of(
                            PresentationContext.proposal(1, UID.ModalityPerformedProcedureStep, UID.ExplicitVRLittleEndian)))) {
                        long a = System.nanoTime();
                        DimseResponse c = as.nCreate(UID.ModalityPerformedProcedureStep, iuid, create(first + i));
                        long b = System.nanoTime();
                        DimseResponse s = as.nSet(UID.ModalityPerformedProcedureStep, iuid, complete(iuid));
                        long d = System.nanoTime();
                        creates.add(b - a);
                        sets.add(d - b);
                        if (c.status() != 0 || s.status() != 0) {
                            failures.incrementAndGet();
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
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpuMs = (cpu() - cpu0) / 1e6 / n;
        System.out.printf("%s: %d MPPS in %.2f s = %.0f MPPS/s (%d failures); N-CREATE p50 %.1f ms p99 %.1f ms; "
                + "N-SET p50 %.1f ms p99 %.1f ms; CPU %.2f ms per MPPS (SCU + SCP, this JVM)%n", label, n, secs, n / secs,
                failures.get(), pct(creates, 50), pct(creates, 99), pct(sets, 50), pct(sets, 99), cpuMs);
        return n / secs;
    }

    /** CPU time of this JVM (the SCU and the SCP), nanoseconds. */
    static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double pct(List<Long> l, int p) {
        List<Long> s = new ArrayList<>(l);
        Collections.sort(s);
        return s.isEmpty() ? 0 : s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1)) / 1e6;
    }

    static Attributes create(int i) {
        String n = id(i);
        Attributes a = new Attributes();
        a.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        a.setString(Tag.PatientName, VR.PN, "TESTER^ANNA");
        a.setString(Tag.PatientID, VR.LO, "PAT" + n);
        a.setString(Tag.IssuerOfPatientID, VR.LO, "HOSP");
        Attributes ref = a.newSequence(Tag.ScheduledStepAttributesSequence).addItem();
        ref.setString(Tag.StudyInstanceUID, VR.UI, "1.2.826.0.1.3680043.10.543." + n);
        ref.setString(Tag.AccessionNumber, VR.SH, "ACC" + n);
        ref.setString(Tag.RequestedProcedureID, VR.SH, "RP" + n);
        ref.setString(Tag.ScheduledProcedureStepID, VR.SH, "SPS" + n);
        a.setString(Tag.PerformedProcedureStepID, VR.SH, "PPS" + n);
        a.setString(Tag.PerformedStationAETitle, VR.AE, "CT01");
        a.setString(Tag.PerformedProcedureStepStartDate, VR.DA, "20261201");
        a.setString(Tag.PerformedProcedureStepStartTime, VR.TM, "093000");
        a.setString(Tag.PerformedProcedureStepStatus, VR.CS, "IN PROGRESS");
        a.setString(Tag.Modality, VR.CS, "CT");
        a.newSequence(Tag.PerformedSeriesSequence);
        return a;
    }

    static Attributes complete(String iuid) {
        Attributes a = new Attributes();
        a.setString(Tag.PerformedProcedureStepStatus, VR.CS, "COMPLETED");
        a.setString(Tag.PerformedProcedureStepEndDate, VR.DA, "20261201");
        a.setString(Tag.PerformedProcedureStepEndTime, VR.TM, "094500");
        Attributes s = a.newSequence(Tag.PerformedSeriesSequence).addItem();
        s.setString(Tag.SeriesInstanceUID, VR.UI, iuid + ".1");
        s.setString(Tag.SeriesDescription, VR.LO, "Chest");
        s.setString(Tag.ProtocolName, VR.LO, "CHEST");
        var refs = s.newSequence(Tag.ReferencedImageSequence);
        for (int k = 1; k <= 20; k++) {
            Attributes r = refs.addItem();
            r.setString(Tag.ReferencedSOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
            r.setString(Tag.ReferencedSOPInstanceUID, VR.UI, iuid + ".1." + k);
        }
        a.setDouble(Tag.CTDIvol, VR.FD, 7.4);
        return a;
    }
}
