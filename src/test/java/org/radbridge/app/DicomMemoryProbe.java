package org.radbridge.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.io.DicomWriter;
import org.radbridge.dicom.net.AAssociateRQ;
import org.radbridge.dicom.net.Association;
import org.radbridge.dicom.net.DicomClient;
import org.radbridge.dicom.net.Dimse;
import org.radbridge.dicom.net.Pdu;
import org.radbridge.dicom.net.Status;
import org.radbridge.testing.TestEngine;

/**
 * The DICOM form of issue 11 item 7 ("the engine never runs out of heap because of peers"), run in its own
 * small-heap JVM by {@link DicomMemoryBudgetTest}: starts the engine with an 8 MiB DIMSE buffer budget, then
 * {@value #FLOODERS} associations each send a C-FIND (MWL) or N-CREATE (MPPS) command and {@value #DATA_BYTES} bytes
 * of its data set in 16 KiB P-DATA-TF PDUs without the last-fragment bit, while a good client keeps getting C-ECHO
 * answers. Before the budget each such association could hold up to 64 MiB. Prints one line
 * {@code RESULT aborted=.. held=.. good=.. bad=.. maxEchoMs=.. after=.. echoscu=.. refused=.. buffered=..}.
 */
public final class DicomMemoryProbe {

    static final int FLOODERS = 30;
    static final int DATA_BYTES = 5 * 1024 * 1024;
    static final int BUDGET = 8 * 1024 * 1024;
    static final int PDV = 16_384 - 6;

    public static void main(String[] args) throws Exception {
        int code = 1;
        try (TestEngine engine = TestEngine.start(Map.of("radbridge.dicom.max-buffered-bytes", String.valueOf(BUDGET),
                "radbridge.dicom.max-message-bytes", String.valueOf(BUDGET), // the 5 MB data sets are within it
                "radbridge.dicom.artim-seconds", "2"))) {
            code = run(engine);
        } catch (Throwable t) {
            t.printStackTrace(System.out);
        } finally {
            System.out.flush();
            Runtime.getRuntime().halt(code);
        }
    }

    static AAssociateRQ rq(String calling, String... cuids) {
        AAssociateRQ rq = new AAssociateRQ();
        rq.setCallingAE(calling);
        rq.setCalledAE("RADBRIDGE");
        for (String cuid : cuids) {
            rq.addPresentationContext(cuid, UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);
        }
        return rq;
    }

    static int run(TestEngine engine) throws Exception {
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicInteger good = new AtomicInteger();
        AtomicInteger bad = new AtomicInteger();
        AtomicLong maxEchoMs = new AtomicLong();
        Thread goodClient = new Thread(() -> {
            try (Association as = new DicomClient().connect("127.0.0.1", engine.dicomPort(), rq("ECHOSCU", UID.Verification))) {
                while (flooding.get()) {
                    long t0 = System.nanoTime();
                    int status = as.echo().status();
                    maxEchoMs.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), Math::max);
                    (status == Status.SUCCESS ? good : bad).incrementAndGet();
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                bad.incrementAndGet();
                System.out.println("good client failed: " + e);
            }
        }, "good-client");
        goodClient.start();
        ExecutorService pool = Executors.newFixedThreadPool(FLOODERS);
        List<Socket> sockets = new ArrayList<>();
        List<Future<Boolean>> aborted = new ArrayList<>();
        for (int i = 0; i < FLOODERS; i++) {
            boolean mpps = i % 2 == 1;
            Socket s = new Socket("127.0.0.1", engine.dicomPort());
            sockets.add(s);
            s.setSoTimeout(15_000);
            String cuid = mpps ? UID.ModalityPerformedProcedureStep : UID.ModalityWorklistInformationModelFind;
            s.getOutputStream().write(Pdu.encode(rq("CT01", cuid))); // associated one after the other (request-phase bounds)
            s.getOutputStream().flush();
            Pdu.Raw ac = Pdu.read(s.getInputStream(), 1 << 20);
            if (ac.type() != Pdu.A_ASSOCIATE_AC) {
                throw new IllegalStateException("flooder " + i + " not associated: " + Pdu.name(ac.type()));
            }
            Attributes cmd = mpps ? Dimse.nCreateRQ(1, cuid, "1.2.826.0.1.3680043.10.999." + i) : Dimse.cFindRQ(1, cuid, Dimse.PRIORITY_MEDIUM);
            aborted.add(pool.submit(() -> flood(s, cmd)));
        }
        int abortedCount = 0;
        for (Future<Boolean> f : aborted) {
            abortedCount += f.get(40, TimeUnit.SECONDS) ? 1 : 0;
        }
        String buffered = metric(engine, "radbridge_dicom_buffered_bytes");
        flooding.set(false);
        goodClient.join(20_000);
        String after;
        try (Association as = new DicomClient().connect("127.0.0.1", engine.dicomPort(), rq("ECHOSCU", UID.Verification))) {
            after = String.format("%04X", as.echo().status());
        }
        int echoscu = -1;
        if (Files.isExecutable(Path.of("/usr/bin/echoscu"))) {
            Process p = new ProcessBuilder("/usr/bin/echoscu", "-aet", "ECHOSCU", "-aec", "RADBRIDGE", "-to", "15", "-ta", "15",
                    "127.0.0.1", Integer.toString(engine.dicomPort())).redirectErrorStream(true).start();
            p.getInputStream().transferTo(OutputStream.nullOutputStream());
            echoscu = p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -2;
        }
        String refused = metric(engine, "radbridge_dicom_refused_total\\{reason=\"buffer-budget\"\\}");
        System.out.println("RESULT aborted=" + abortedCount + " held=" + (FLOODERS - abortedCount) + " good=" + good.get()
                + " bad=" + bad.get() + " maxEchoMs=" + maxEchoMs.get() + " after=" + after + " echoscu=" + echoscu
                + " refused=" + refused + " buffered=" + buffered);
        for (Socket s : sockets) {
            s.close();
        }
        pool.shutdownNow();
        return 0;
    }

    /** A metric's value from GET /metrics, or "none". */
    static String metric(TestEngine engine, String nameRegex) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + nameRegex + " (\\S+)$").matcher(engine.get("/metrics").body());
        return m.find() ? m.group(1) : "none";
    }

    /**
     * Sends the command and {@value #DATA_BYTES} bytes of data set, never the last fragment; true when the engine
     * aborted the association (A-ABORT or closed connection), false when it still holds the message.
     */
    static boolean flood(Socket s, Attributes cmd) {
        try {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            Dimse.setDataset(cmd, true);
            byte[] c = DicomWriter.encodeCommand(cmd);
            out.write(Pdu.pData(1, true, true, c, 0, c.length));
            byte[] chunk = new byte[PDV];
            for (int sent = 0; sent < DATA_BYTES; sent += PDV) {
                out.write(Pdu.pData(1, false, false, chunk, 0, PDV));
            }
            out.flush();
            s.setSoTimeout(5_000);
            try {
                int type = in.read();
                return type < 0 || type == Pdu.A_ABORT;
            } catch (SocketTimeoutException e) {
                return false; // still open: the unfinished message is held
            }
        } catch (IOException e) {
            return true; // reset by the engine
        }
    }
}
