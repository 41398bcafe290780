package org.radbridge.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
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
import org.radbridge.mllp.Mllp;
import org.radbridge.mllp.MllpClient;
import org.radbridge.testing.Hl7Text;
import org.radbridge.testing.TestEngine;

/**
 * The probe of issue 11 item 7 ("40 unfinished 9 MB blocks on a 512 MB heap gave 126 OutOfMemoryErrors"), run
 * in its own small-heap JVM by {@link MllpMemoryBudgetTest}: starts the engine with a 16 MiB MLLP buffer budget,
 * opens {@value #FLOODERS} connections that each send a start block and 9 MB without an end block, while a good
 * client keeps sending messages. Prints one line {@code RESULT closed=.. held=.. good=.. bad=.. maxAckMs=..}.
 */
public final class MllpMemoryProbe {

    static final int FLOODERS = 40;
    static final int BLOCK_BYTES = 9 * 1024 * 1024;

    public static void main(String[] args) throws Exception {
        int code = 1;
        try (TestEngine engine = TestEngine.start(Map.of("radbridge.mllp.max-buffered-bytes", String.valueOf(16 * 1024 * 1024)))) {
            code = run(engine);
        } finally {
            System.out.flush();
            Runtime.getRuntime().halt(code);
        }
    }

    static byte[] msg(String id) {
        return ("MSH|^~\\&|DEMO_EMR|HOSP|RB|RAD|20260101||ADT^A08|" + id + "|P|2.5\rEVN|A08\rPID|1||P" + id + "\r")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static int run(TestEngine engine) throws Exception {
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicInteger good = new AtomicInteger();
        AtomicInteger bad = new AtomicInteger();
        AtomicLong maxAckMs = new AtomicLong();
        Thread goodClient = new Thread(() -> {
            try (MllpClient c = engine.client()) {
                int i = 0;
                while (flooding.get()) {
                    long t0 = System.nanoTime();
                    byte[] a = c.exchange(msg("G" + i++));
                    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                    maxAckMs.accumulateAndGet(ms, Math::max);
                    if (a != null && "AA".equals(Hl7Text.field(new String(a, StandardCharsets.US_ASCII), "MSA", 1))) {
                        good.incrementAndGet();
                    } else {
                        bad.incrementAndGet();
                    }
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                bad.incrementAndGet();
                System.out.println("good client failed: " + e);
            }
        });
        goodClient.start();
        ExecutorService pool = Executors.newFixedThreadPool(FLOODERS);
        List<Socket> sockets = new ArrayList<>();
        List<Future<Boolean>> closed = new ArrayList<>();
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'x');
        for (int i = 0; i < FLOODERS; i++) {
            Socket s = new Socket("127.0.0.1", engine.mllpPort());
            sockets.add(s);
            closed.add(pool.submit(() -> flood(s, chunk)));
        }
        int closedCount = 0;
        for (Future<Boolean> f : closed) {
            closedCount += f.get(90, TimeUnit.SECONDS) ? 1 : 0;
        }
        Thread.sleep(500);
        flooding.set(false);
        goodClient.join(30_000);
        String after;
        try (MllpClient c = engine.client()) {
            after = Hl7Text.field(new String(c.exchange(msg("AFTER")), StandardCharsets.US_ASCII), "MSA", 1);
        }
        System.out.println("RESULT closed=" + closedCount + " held=" + (FLOODERS - closedCount) + " good=" + good.get()
                + " bad=" + bad.get() + " maxAckMs=" + maxAckMs.get() + " after=" + after);
        for (Socket s : sockets) {
            s.close();
        }
        pool.shutdownNow();
        return 0;
    }

    /** Sends a start block and 9 MB; true when the server closed the connection (while sending or after). */
    static boolean flood(Socket s, byte[] chunk) {
        try {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(Mllp.START_BLOCK);
            for (int sent = 0; sent < BLOCK_BYTES; sent += chunk.length) {
                out.write(chunk);
            }
            out.flush();
            s.setSoTimeout(5_000);
            try {
                return in.read() < 0;
            } catch (SocketTimeoutException e) {
                return false; // still open: the block is held, waiting for its end
            }
        } catch (IOException e) {
            return true; // reset by the server
        }
    }
}
