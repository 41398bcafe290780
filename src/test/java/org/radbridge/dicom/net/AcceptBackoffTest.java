package org.radbridge.dicom.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.radbridge.testing.ProjectPaths;

/**
 * The DICOM accept loop under file-descriptor exhaustion (issue 11 item 7: "the DICOM accept loop logged 332
 * warnings/s"): with every descriptor of the server's JVM in use, accept() fails with "Too many open files" for
 * each queued connection; the loop now backs off exponentially and logs once per interval, and accepts the
 * queued connections as soon as descriptors are free again.
 */
class AcceptBackoffTest {

    @Test
    void acceptFailuresBackOffAndAreLoggedOncePerInterval() throws Exception {
        String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd = "ulimit -n 1024 && exec '" + javaBin + "' -Xmx128m -cp '" + System.getProperty("java.class.path") + "' "
                + AcceptStormProbe.class.getName();
        Process p = new ProcessBuilder("bash", "-c", cmd).directory(ProjectPaths.project().toFile()).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        List<Socket> clients = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                OutputStream in = p.getOutputStream()) {
            int port = Integer.parseInt(await(out, output, "PORT ").substring(5).trim());
            send(in, "FILL");
            String full = await(out, output, "FULL ");
            assertTrue(full.contains("Too many open files"), full);
            for (int i = 0; i < 3; i++) {
                clients.add(new Socket("127.0.0.1", port)); // queued by the kernel; the server cannot accept them
            }
            Thread.sleep(3000); // the observation window: 3 s of accept failures must give one warning
            send(in, "FREE");
            String accepted = await(out, output, "ACCEPTED ");
            send(in, "EXIT");
            p.waitFor(10, TimeUnit.SECONDS);
            long warnings = output.stream().filter(l -> l.contains("accept failed")).count();
            assertEquals(1, warnings, "one warning for 3 s of failures, not one per attempt:\n"
                    + String.join("\n", output.subList(0, Math.min(output.size(), 20))));
            assertTrue(Integer.parseInt(accepted.substring(9).trim()) >= 3, "queued connections are accepted once descriptors are free: "
                    + accepted);
            assertTrue(output.stream().anyMatch(l -> l.contains("accepting connections again")), String.join("\n", output));
        } finally {
            for (Socket s : clients) {
                s.close();
            }
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void send(OutputStream in, String line) throws IOException {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Reads the probe's output until a line starting with {@code prefix} (60 s at most). */
    private static String await(BufferedReader out, List<String> seen, String prefix) throws Exception {
        long end = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < end) {
            String l = out.readLine();
            if (l == null) {
                throw new AssertionError("the probe ended before \"" + prefix + "\":\n" + String.join("\n", seen));
            }
            if (l.startsWith(prefix)) {
                return l;
            }
            seen.add(l);
        }
        throw new AssertionError("no \"" + prefix + "\" within 60 s");
    }
}
