package org.radbridge.deid;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;

/**
 * A real MLLP receiver on a free 127.0.0.1 port for tests (HL7 v2 MLLP Release 2 framing): keeps every
 * message it receives and answers each with an ACK whose MSA-1 is {@code ackCode}. Closing stops it.
 */
final class MllpListener implements AutoCloseable {

    private final ServerSocket server;
    private final Thread thread;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile String ackCode = "AA";

    MllpListener() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        thread = new Thread(this::run, "test-mllp-listener");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    List<String> received() {
        return received;
    }

    void ackCode(String code) {
        this.ackCode = code;
    }

    private void run() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                byte[] msg;
                while ((msg = frame(in)) != null) {
                    String text = new String(msg, StandardCharsets.UTF_8);
                    received.add(text);
                    Hl7Message m = Hl7Parser.parse(text);
                    String ack = "MSH|^~\\&|TEST|TEST|||20260101000000||ACK|A" + received.size() + "|P|2.5.1\rMSA|" + ackCode + "|"
                            + m.controlId() + "\r";
                    out.write(0x0B);
                    out.write(ack.getBytes(StandardCharsets.UTF_8));
                    out.write(new byte[] {0x1C, 0x0D});
                    out.flush();
                }
            } catch (IOException e) {
                // closed or client gone: accept the next one
            }
        }
    }

    private static byte[] frame(InputStream in) throws IOException {
        int b;
        do {
            b = in.read();
            if (b < 0) {
                return null;
            }
        } while (b != 0x0B);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        while ((b = in.read()) >= 0) {
            if (b == 0x1C) {
                in.read(); // CR
                return buf.toByteArray();
            }
            buf.write(b);
        }
        return null;
    }

    @Override
    public void close() throws Exception {
        server.close();
        thread.join(5000);
    }
}
