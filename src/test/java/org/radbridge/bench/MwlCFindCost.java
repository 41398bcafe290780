package org.radbridge.bench;

import ch.qos.logback.classic.Level;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.net.AAssociateRQ;
import org.radbridge.dicom.net.Association;
import org.radbridge.dicom.net.DicomClient;
import org.radbridge.testing.TestEngine;
import org.radbridge.worklist.WorklistService;
import org.radbridge.worklist.query.MwlQuery;
import org.slf4j.LoggerFactory;

/**
 * Where the time of one MWL query goes (bench/README.md, "MWL C-FIND", cost breakdown): process CPU and wall
 * time per operation of the engine and the SCU in one JVM, for an association with one C-ECHO, a C-ECHO on an
 * open association, the typical C-FIND on an open association, and the worklist's own parts (matching on the
 * indexed columns, loading the matches' data sets). Arguments: [items=10000] [iterations=2000]
 */
public final class MwlCFindCost {

    static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    interface Op {
        void run() throws Exception;
    }

    static void measure(String what, int n, Op op) throws Exception {
        for (int i = 0; i < n; i++) {
            op.run();
        }
        long[] t0 = times();
        long c0 = OS.getProcessCpuTime();
        long w0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            op.run();
        }
        long[] t1 = times();
        System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f / %.3f |%n", what, (System.nanoTime() - w0) / 1e6 / n,
                (OS.getProcessCpuTime() - c0) / 1e6 / n, (t1[0] - t0[0]) * 10.0 / n, (t1[1] - t0[1]) * 10.0 / n);
    }

    /** utime and stime of this process in clock ticks (1/100 s), from /proc/self/stat. */
    static long[] times() throws Exception {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    }

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        LocalDate today = LocalDate.now();
        try (TestEngine e = TestEngine.start(Map.of("radbridge.outbox.poll-ms", "1000", "radbridge.worklist.expire-after-hours", "0"))) {
            MwlCFindBench.load(e, 1, today);
            MwlCFindBench.copies(e, items, today);
            Attributes keys = MwlCFindBench.typical("CT03", "CT", today.format(DateTimeFormatter.BASIC_ISO_DATE));
            AAssociateRQ rq = new AAssociateRQ();
            rq.setCallingAE("CT03");
            rq.setCalledAE("RADBRIDGE");
            rq.addPresentationContext(UID.Verification, UID.ImplicitVRLittleEndian);
            rq.addPresentationContext(UID.ModalityWorklistInformationModelFind, UID.ExplicitVRLittleEndian);
            WorklistService service = (WorklistService) e.app().engine().beans().get("worklistService");
            MwlQuery q = MwlQuery.parse(keys, new MwlQuery.Options(true, service.hiddenStatuses(), null));
            List<Long> ids = service.store().match(q, 1001);
            System.out.println("items " + items + ", typical query matches " + ids.size());
            System.out.println("| operation | wall ms | process CPU ms | user / system ms |");
            System.out.println("|---|---|---|---|");
            measure("association + C-ECHO + release", n, () -> {
                try (Association as = new DicomClient().connect("127.0.0.1", e.dicomPort(), rq)) {
                    as.echo();
                }
            });
            try (Association as = new DicomClient().connect("127.0.0.1", e.dicomPort(), rq)) {
                measure("C-ECHO on an open association", n, as::echo);
                measure("typical C-FIND on an open association (" + ids.size() + " matches)", n,
                        () -> as.find(UID.ModalityWorklistInformationModelFind, keys).matches());
            }
            measure("matching on the indexed columns (WorklistStore.match)", n, () -> service.store().match(q, 1001));
            measure("loading the matches' data sets (WorklistStore.datasets)", n, () -> service.store().datasets(ids));
        }
    }
}
