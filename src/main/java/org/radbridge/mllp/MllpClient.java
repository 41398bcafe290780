package org.radbridge.mllp;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;

/**
 * The one blocking MLLP client (HL7 v2 MLLP Release 2, section 1.4: VT block FS CR): the engine's outbound MLLP
 * destinations, `radbridge replay` and the tests. Sends a block and reads the reply block before a deadline;
 * bytes outside a block (the CR after FS, stray line ends) are skipped, and a start block inside a block begins
 * the block again (the previous one was incomplete). Not thread-safe: a connection serves one exchange at a
 * time; a caller closes it after any failure, so a late acknowledgement can never be read as the answer to the
 * next message.
 */
public final class MllpClient implements AutoCloseable {

    /** How long a new TLS 1.3 connection waits for a refusal of the client certificate. */
    public static final int REFUSAL_WAIT_MILLIS = 200;

    /** Puts TLS on a connected socket (not yet handshaken): {@code tls.ClientTls::wrap}. */
    @FunctionalInterface
    public interface TlsLayer {
        SSLSocket wrap(Socket plain, String host, int port) throws IOException;
    }

    /** The receiver did not answer within the deadline (a SocketTimeoutException, as a read timeout). */
    public static final class AckTimeout extends SocketTimeoutException {
        private static final long serialVersionUID = 1L;

        AckTimeout(String m) {
            super(m);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int readTimeout;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int limit;
    private final long openedAt;
    private long lastUsed;
    private int exchanges;

    private MllpClient(Socket socket, int readTimeoutMillis) throws IOException {
        this.socket = socket;
        this.readTimeout = readTimeoutMillis;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.openedAt = System.currentTimeMillis();
        this.lastUsed = openedAt;
    }

    /**
     * Connects through {@code factory} (null: plain TCP; an SSLSocketFactory: TLS, handshaken within the read
     * timeout); {@link #receive()} waits {@code readTimeoutMillis} for each reply.
     */
    public MllpClient(String host, int port, int connectTimeoutMillis, int readTimeoutMillis, SocketFactory factory)
            throws IOException {
        this(connect((factory == null ? SocketFactory.getDefault() : factory).createSocket(), host, port,
                connectTimeoutMillis, readTimeoutMillis), readTimeoutMillis);
    }

    public MllpClient(String host, int port) throws IOException {
        this(host, port, 5000, 30000, null);
    }

    private static Socket connect(Socket s, String host, int port, int connectTimeoutMillis, int readTimeoutMillis)
            throws IOException {
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            s.setSoTimeout(readTimeoutMillis);
            if (s instanceof SSLSocket ssl) {
                ssl.startHandshake();
            }
            return s;
        } catch (IOException | RuntimeException e) {
            closeQuietly(s);
            throw e;
        }
    }

    /**
     * Connects (and, with {@code tls}, completes the TLS handshake) within the connect timeout; TCP keep-alive on.
     * On TLS 1.3 waits briefly for a refusal of the client certificate ({@link #REFUSAL_WAIT_MILLIS}).
     *
     * @param tls null for plain TCP
     */
    public static MllpClient open(String host, int port, int connectTimeoutMillis, int readTimeoutMillis, TlsLayer tls)
            throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            if (tls == null) {
                return new MllpClient(s, readTimeoutMillis);
            }
            SSLSocket ssl = tls.wrap(s, host, port);
            ssl.setSoTimeout(connectTimeoutMillis);
            ssl.startHandshake();
            MllpClient c = new MllpClient(ssl, readTimeoutMillis);
            if ("TLSv1.3".equals(ssl.getSession().getProtocol())) {
                c.awaitRefusal(Math.min(connectTimeoutMillis, REFUSAL_WAIT_MILLIS));
            }
            return c;
        } catch (IOException | RuntimeException e) {
            closeQuietly(s);
            throw e;
        }
    }

    /**
     * In TLS 1.3 the client finishes its handshake before the server has checked the client certificate; a
     * refusal comes as an alert just after. Waiting briefly for it makes a refused certificate a TLS error
     * (which pauses a destination) instead of a broken pipe on the first message. The receiver sends
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
            throw new EOFException("connection closed by the receiver right after the TLS handshake");
        }
        pos = 0;
        limit = n;
    }

    /** Writes one block. */
    public void send(byte[] payload) throws IOException {
        out.write(Mllp.frame(payload));
        out.flush();
        lastUsed = System.currentTimeMillis();
    }

    /** Writes raw bytes as they are (to test framing errors). */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Reads the next block's payload within the read timeout; null when the peer closed the connection before a
     * block began.
     *
     * @throws AckTimeout when the read timeout passes
     * @throws EOFException when the peer closed the connection inside a block
     */
    public byte[] receive() throws IOException {
        return read(System.currentTimeMillis() + readTimeout);
    }

    /**
     * Reads the next block's payload before {@code deadline} (epoch millis).
     *
     * @throws AckTimeout when the deadline passes (with how many bytes outside a block were seen)
     * @throws EOFException when the receiver closed the connection
     */
    public byte[] receive(long deadline) throws IOException {
        byte[] block = read(deadline);
        if (block == null) {
            throw new EOFException("connection closed by the receiver before an acknowledgement");
        }
        return block;
    }

    /** Sends and waits for the reply within the read timeout (null: the peer closed the connection). */
    public byte[] exchange(byte[] payload) throws IOException {
        send(payload);
        return receive();
    }

    private byte[] read(long deadline) throws IOException {
        int skipped = 0;
        boolean inBlock = false;
        ByteArrayOutputStream block = new ByteArrayOutputStream(256);
        while (true) {
            if (pos == limit && !fill(deadline, skipped, inBlock)) {
                return null;
            }
            while (pos < limit) {
                byte b = buf[pos++];
                if (!inBlock) {
                    if (b == Mllp.START_BLOCK) {
                        inBlock = true;
                    } else if (b != Mllp.CARRIAGE_RETURN && b != '\n') {
                        skipped++;
                    }
                } else if (b == Mllp.END_BLOCK) {
                    lastUsed = System.currentTimeMillis();
                    exchanges++;
                    return block.toByteArray();
                } else if (b == Mllp.START_BLOCK) {
                    block.reset(); // a new block started: the previous one was incomplete
                } else {
                    block.write(b);
                }
            }
        }
    }

    /**
     * Reads what is available (at least one byte) into the buffer, waiting until the deadline at most; false at
     * the end of the stream outside a block.
     */
    private boolean fill(long deadline, int skipped, boolean inBlock) throws IOException {
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
            if (inBlock) {
                throw new EOFException("connection closed inside an MLLP block");
            }
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    private static AckTimeout timeout(int skipped, boolean inBlock) {
        String m = inBlock ? "acknowledgement block not completed in time" : "no acknowledgement in time";
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
    public boolean stillUsable() {
        if (socket.isClosed()) {
            return false;
        }
        while (pos < limit) {
            byte b = buf[pos++];
            if (b != Mllp.CARRIAGE_RETURN && b != '\n') {
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
                if (buf[i] != Mllp.CARRIAGE_RETURN && buf[i] != '\n') {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public boolean isConnected() {
        return socket.isConnected() && !socket.isClosed();
    }

    public long lastUsed() {
        return lastUsed;
    }

    public long openedAt() {
        return openedAt;
    }

    public int exchanges() {
        return exchanges;
    }

    public boolean isTls() {
        return socket instanceof SSLSocket;
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
