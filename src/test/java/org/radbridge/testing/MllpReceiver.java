package org.radbridge.testing;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A real MLLP receiver on 127.0.0.1 for tests (a free port; {@link #stop}/{@link #start} keep the port for a
 * restart): it reads MLLP blocks and answers each as scripted — AA, AE/AR with an HL7 table 0357 code, a
 * delay, a close with or without having processed the message, an ACK for another control id, silence, or
 * an ACK without MLLP framing. Like a careful EMR it de-duplicates by sending application + MSH-10: a
 * message seen before is answered (AA unless scripted otherwise) and not processed again. Every message is also parsed with HAPI (an
 * independent parser), and failures are kept in {@link #hapiErrors()}. Optional TLS with a required client
 * certificate.
 */
public final class MllpReceiver implements AutoCloseable {

    /** One received message. */
    public record Received(int seq, String text, String controlId, boolean duplicate, int connection, String tlsPeer) {
    }

    private final SSLContext tls;
    private final Deque<MllpReply> script = new ArrayDeque<>();
    private volatile Function<Received, MllpReply> policy = r -> null;
    private final List<Received> received = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Set<String> seen = new java.util.HashSet<>();
    private final List<String> processed = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<String> hapiErrors = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger tlsFailures = new AtomicInteger();
    private final HapiContext hapi = new DefaultHapiContext();
    private final Charset charset;
    private volatile boolean hapiCheck = true;
    private ServerSocket server;
    private int port;
    private Thread acceptor;

    private MllpReceiver(SSLContext tls, Charset charset) {
        this.tls = tls;
        this.charset = charset;
    }

    /** A plain receiver on a free port, started. */
    public static MllpReceiver start() throws IOException {
        return new MllpReceiver(null, StandardCharsets.UTF_8).listen(0);
    }

    /** A TLS receiver that requires a client certificate trusted by {@code ctx}. */
    public static MllpReceiver startTls(SSLContext ctx) throws IOException {
        return new MllpReceiver(ctx, StandardCharsets.UTF_8).listen(0);
    }

    /** Replies for the next messages, in order; after them, {@link #policy} or AA. */
    public synchronized MllpReceiver script(MllpReply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** A reply chosen per message (null = AA) when the script is used up. */
    public MllpReceiver policy(Function<Received, MllpReply> p) {
        this.policy = p;
        return this;
    }

    /** Switches the HAPI parse check off (benchmarks). */
    public MllpReceiver withoutHapiCheck() {
        this.hapiCheck = false;
        return this;
    }

    public int port() {
        return port;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    private MllpReceiver listen(int p) throws IOException {
        ServerSocket s = tls != null ? tls.getServerSocketFactory().createServerSocket() : new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p), 50);
        if (s instanceof SSLServerSocket ss) {
            ss.setNeedClientAuth(true);
            ss.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        }
        server = s;
        port = s.getLocalPort();
        acceptor = new Thread(this::acceptLoop, "mllp-receiver-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
        return this;
    }

    /** Starts again on the same port after {@link #stop}. */
    public synchronized MllpReceiver restart() throws IOException {
        IOException last = null;
        for (int i = 0; i < 50; i++) {
            try {
                return listen(port);
            } catch (java.net.BindException e) {
                last = e;
                sleep(100);
            }
        }
        throw last;
    }

    /** Closes the listener and every open connection (a receiver going down). */
    public void stop() {
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
        if (acceptor != null) {
            try {
                acceptor.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void acceptLoop() {
        ServerSocket s = server;
        while (!s.isClosed()) {
            try {
                Socket c = s.accept();
                int n = connections.incrementAndGet();
                open.add(c);
                Thread t = new Thread(() -> serve(c, n), "mllp-receiver-conn-" + n);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket c, int connection) {
        String peer = null;
        try (c) {
            c.setTcpNoDelay(true);
            if (c instanceof SSLSocket ssl) {
                try {
                    ssl.startHandshake();
                    peer = ssl.getSession().getPeerPrincipal().getName();
                } catch (IOException e) {
                    tlsFailures.incrementAndGet();
                    return;
                }
            }
            InputStream in = new java.io.BufferedInputStream(c.getInputStream(), 16384);
            OutputStream out = c.getOutputStream();
            while (true) {
                byte[] block = MllpWire.readBlock(in);
                if (block == null) {
                    return;
                }
                if (c instanceof SSLSocket && peer == null) {
                    tlsFailures.incrementAndGet();
                    return;
                }
                String text = new String(block, charset);
                if (!answer(text, connection, peer, out)) {
                    return;
                }
            }
        } catch (IOException e) {
            if (c instanceof SSLSocket && peer == null) {
                tlsFailures.incrementAndGet();
            }
        } finally {
            open.remove(c);
        }
    }

    /** Handles one message; false when the connection is to be closed. */
    private boolean answer(String text, int connection, String peer, OutputStream out) throws IOException {
        String ctl = Hl7Text.field(text, "MSH", 10);
        String key = Hl7Text.field(text, "MSH", 3) + "|" + ctl;
        boolean dup;
        synchronized (this) {
            dup = seen.contains(key);
        }
        Received r;
        synchronized (received) {
            r = new Received(received.size() + 1, text, ctl, dup, connection, peer);
            received.add(r);
        }
        if (hapiCheck && !dup) {
            String problem = HapiCheck.problem(hapi, text);
            if (problem != null) {
                hapiErrors.add(ctl + ": " + problem);
            }
        }
        MllpReply reply;
        synchronized (this) {
            reply = script.poll();
        }
        if (reply == null) {
            reply = policy.apply(r);
        }
        if (reply == null) {
            reply = MllpReply.aa();
        }
        if (reply.process() && !dup) { // a message seen before is answered as scripted but never processed twice
            synchronized (this) {
                seen.add(key);
            }
            processed.add(ctl);
        }
        if (reply.delayMillis() > 0) {
            sleep(reply.delayMillis());
        }
        switch (reply.kind()) {
            case "close" -> {
                return false;
            }
            case "silent" -> {
                return true;
            }
            case "unframed" -> {
                out.write(MllpWire.ack(text, reply.code(), ctl, null).getBytes(charset));
                out.flush();
                return true;
            }
            default -> {
                String acked = reply.kind().equals("wrong-id") ? "NOT-" + ctl : ctl;
                MllpWire.writeBlock(out, MllpWire.ack(text, reply.code(), acked, reply.errorCode()).getBytes(charset));
                return true;
            }
        }
    }

    /** Every message received, duplicates included, in arrival order. */
    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Control ids of the messages processed (each once), in processing order. */
    public List<String> processed() {
        synchronized (processed) {
            return List.copyOf(processed);
        }
    }

    /** How many messages were processed (cheap, for benchmarks). */
    public int processedCount() {
        return processed.size();
    }

    /** The texts of the processed messages, in processing order. */
    public List<String> processedTexts() {
        Map<String, String> byId = new java.util.HashMap<>();
        for (Received r : received()) {
            byId.putIfAbsent(r.controlId(), r.text());
        }
        List<String> out = new ArrayList<>();
        for (String id : processed()) {
            out.add(byId.get(id));
        }
        return out;
    }

    public List<String> hapiErrors() {
        return List.copyOf(hapiErrors);
    }

    public int connections() {
        return connections.get();
    }

    public int tlsFailures() {
        return tlsFailures.get();
    }

    /** Waits until {@code n} messages were processed; false on timeout. */
    public boolean awaitProcessed(int n, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (processed.size() < n) {
            if (System.nanoTime() > end) {
                return false;
            }
            sleep(20);
        }
        return true;
    }

    /** Waits until {@code n} TLS handshakes failed (the refusal is recorded just after the alert is sent). */
    public boolean awaitTlsFailures(int n, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (tlsFailures.get() < n) {
            if (System.nanoTime() > end) {
                return false;
            }
            sleep(20);
        }
        return true;
    }

    /** Waits until {@code n} messages were received (duplicates included); false on timeout. */
    public boolean awaitReceived(int n, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (received.size() < n) {
            if (System.nanoTime() > end) {
                return false;
            }
            sleep(20);
        }
        return true;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms); // the receiver's scripted reply delay, the bind retry, the poll interval of the await* conditions
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        stop();
        try {
            hapi.close();
        } catch (IOException ignored) {
            // nothing held
        }
    }
}
