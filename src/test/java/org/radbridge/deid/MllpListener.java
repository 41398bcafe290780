package org.radbridge.deid;

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
import org.radbridge.mllp.Mllp;

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
                while ((msg = Mllp.readBlock(in)) != null) {
                    String text = new String(msg, StandardCharsets.UTF_8);
                    received.add(text);
                    Hl7Message m = Hl7Parser.parse(text);
                    String ack = "MSH|^~\\&|TEST|TEST|||20260101000000||ACK|A" + received.size() + "|P|2.5.1\rMSA|" + ackCode + "|"
                            + m.controlId() + "\r";
                    Mllp.writeBlock(out, ack.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // closed or client gone: accept the next one
            }
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        thread.join(5000);
    }
}
