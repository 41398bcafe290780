package org.radbridge.mllp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import javax.net.SocketFactory;

/**
 * A blocking MLLP client for one connection (HL7 v2 MLLP Release 2): sends a block, waits for the reply
 * block within the read timeout. Not thread-safe; one per connection. Used by `radbridge replay` and by
 * tests; TLS through an SSLSocketFactory.
 */
public final class MllpClient implements AutoCloseable {

    private static final int VT = 0x0B;
    private static final int FS = 0x1C;
    private static final int CR = 0x0D;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int readTimeout;

    public MllpClient(String host, int port, int connectTimeoutMillis, int readTimeoutMillis, SocketFactory factory)
            throws IOException {
        this.socket = (factory == null ? SocketFactory.getDefault() : factory).createSocket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
        socket.setSoTimeout(readTimeoutMillis);
        this.readTimeout = readTimeoutMillis;
        if (socket instanceof javax.net.ssl.SSLSocket ssl) {
            ssl.startHandshake();
        }
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public MllpClient(String host, int port) throws IOException {
        this(host, port, 5000, 30000, null);
    }

    /** Writes one MLLP block. */
    public void send(byte[] payload) throws IOException {
        byte[] frame = new byte[payload.length + 3];
        frame[0] = VT;
        System.arraycopy(payload, 0, frame, 1, payload.length);
        frame[payload.length + 1] = FS;
        frame[payload.length + 2] = CR;
        out.write(frame);
        out.flush();
    }

    /** Writes raw bytes as they are (to test framing errors). */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads the next block's payload; null when the peer closed the connection. */
    public byte[] receive() throws IOException {
        int b;
        do {
            b = in.read();
            if (b < 0) {
                return null;
            }
        } while (b != VT);
        ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
        while (true) {
            b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside an MLLP block");
            }
            if (b == FS) {
                socket.setSoTimeout(Math.max(1, Math.min(socket.getSoTimeout(), 50)));
                try {
                    int cr = in.read();
                    if (cr >= 0 && cr != CR) {
                        throw new IOException("MLLP block not ended by FS CR");
                    }
                } catch (SocketTimeoutException ignored) {
                    // tolerate a missing CR
                } finally {
                    socket.setSoTimeout(readTimeout);
                }
                return buf.toByteArray();
            }
            buf.write(b);
        }
    }

    /** Sends and waits for the reply. */
    public byte[] exchange(byte[] payload) throws IOException {
        send(payload);
        return receive();
    }

    public boolean isConnected() {
        return socket.isConnected() && !socket.isClosed();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
