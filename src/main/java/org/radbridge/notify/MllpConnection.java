package org.radbridge.notify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLSocket;

/**
 * One client connection to an MLLP receiver (HL7 v2 MLLP Release 2: VT block FS CR). Sends a block and
 * reads the reply block within a deadline; bytes outside a block (the CR after FS, stray line ends) are
 * skipped. Not thread-safe: a connection serves one exchange at a time and is closed after any failure,
 * so a late acknowledgement can never be read as the answer to the next message.
 */
final class MllpConnection implements AutoCloseable {

    static final int VT = 0x0B;
    static final int FS = 0x1C;
    static final int CR = 0x0D;

    /** How long a new TLS 1.3 connection waits for a refusal of the client certificate. */
    static final int REFUSAL_WAIT_MILLIS = 200;

    /** The receiver did not answer within the deadline. */
    static final class AckTimeout extends IOException {
        private static final long serialVersionUID = 1L;

        AckTimeout(String m) {
            super(m);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int limit;
    private final long openedAt;
    private long lastUsed;
    private int exchanges;

    private MllpConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.openedAt = System.currentTimeMillis();
        this.lastUsed = openedAt;
    }

    /** Connects (and completes the TLS handshake) within the connect timeout. */
    static MllpConnection open(String host, int port, int connectTimeoutMillis, ClientTls tls) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            if (tls != null) {
                SSLSocket ssl = tls.wrap(s, host, port);
                ssl.setSoTimeout(connectTimeoutMillis);
                ssl.startHandshake();
                MllpConnection c = new MllpConnection(ssl);
                if ("TLSv1.3".equals(ssl.getSession().getProtocol())) {
                    c.awaitRefusal(Math.min(connectTimeoutMillis, REFUSAL_WAIT_MILLIS));
                }
                return c;
            }
            return new MllpConnection(s);
        } catch (IOException | RuntimeException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw e;
        }
    }

    /**
     * In TLS 1.3 the client finishes its handshake before the server has checked the client certificate; a
     * refusal comes as an alert just after. Waiting briefly for it makes a refused certificate a TLS error
     * (which pauses the destination) instead of a broken pipe on the first message. The receiver sends
     * nothing before a message: data here stays in the buffer and fails the control-id check of the first ACK.
     */
    private void awaitRefusal(int millis) throws IOException {
        socket.setSoTimeout(Math.max(1, millis));
        int n;
        try {
            n = in.read(buf, 0, buf.length); // an SSLException if the server refused us
        } catch (SocketTimeoutException e) {
            return; // accepted
        }
        if (n < 0) {
            throw new java.io.EOFException("connection closed by the receiver right after the TLS handshake");
        }
        pos = 0;
        limit = n;
    }

    /** Writes one block. */
    void send(byte[] payload) throws IOException {
        byte[] frame = new byte[payload.length + 3];
        frame[0] = VT;
        System.arraycopy(payload, 0, frame, 1, payload.length);
        frame[payload.length + 1] = FS;
        frame[payload.length + 2] = CR;
        out.write(frame);
        out.flush();
        lastUsed = System.currentTimeMillis();
    }

    /**
     * Reads the next block's payload before {@code deadline} (epoch millis).
     *
     * @throws AckTimeout when the deadline passes (with how many bytes outside a block were seen)
     * @throws java.io.EOFException when the receiver closed the connection
     */
    byte[] receive(long deadline) throws IOException {
        int skipped = 0;
        boolean inBlock = false;
        ByteArrayOutputStream block = new ByteArrayOutputStream(256);
        while (true) {
            if (pos == limit) {
                fill(deadline, skipped, inBlock);
            }
            while (pos < limit) {
                byte b = buf[pos++];
                if (!inBlock) {
                    if (b == VT) {
                        inBlock = true;
                    } else if (b != CR && b != '\n') {
                        skipped++;
                    }
                } else if (b == FS) {
                    lastUsed = System.currentTimeMillis();
                    exchanges++;
                    return block.toByteArray();
                } else if (b == VT) {
                    block.reset(); // a new block started: the previous one was incomplete
                } else {
                    block.write(b);
                }
            }
        }
    }

    /** Reads what is available (at least one byte) into the buffer, waiting until the deadline at most. */
    private void fill(long deadline, int skipped, boolean inBlock) throws IOException {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
            throw timeout(skipped, inBlock);
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        int n;
        try {
            n = in.read(buf, 0, buf.length);
        } catch (SocketTimeoutException e) {
            throw timeout(skipped, inBlock);
        }
        if (n < 0) {
            throw new java.io.EOFException(inBlock ? "connection closed inside an MLLP block"
                    : "connection closed by the receiver before an acknowledgement");
        }
        pos = 0;
        limit = n;
    }

    private static AckTimeout timeout(int skipped, boolean inBlock) {
        String m = inBlock ? "acknowledgement block not completed in time"
                : "no acknowledgement in time";
        if (skipped > 0) {
            m += " (" + skipped + " bytes outside an MLLP block: is the receiver framing its ACK?)";
        }
        return new AckTimeout(m);
    }

    /**
     * Whether an idle kept-alive connection is still usable: not closed by the receiver and with nothing
     * unexpected waiting (stray bytes would otherwise be read as the next acknowledgement). Costs at most a
     * millisecond; line ends left after a block are consumed.
     */
    boolean stillUsable() {
        if (socket.isClosed()) {
            return false;
        }
        while (pos < limit) {
            byte b = buf[pos++];
            if (b != CR && b != '\n') {
                return false;
            }
        }
        try {
            socket.setSoTimeout(1);
            int n;
            try {
                n = in.read(buf, 0, buf.length);
            } catch (SocketTimeoutException e) {
                return true; // nothing waiting: open and quiet
            }
            if (n < 0) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (buf[i] != CR && buf[i] != '\n') {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    long lastUsed() {
        return lastUsed;
    }

    long openedAt() {
        return openedAt;
    }

    int exchanges() {
        return exchanges;
    }

    boolean isTls() {
        return socket instanceof SSLSocket;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
