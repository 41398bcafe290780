package org.radbridge.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Misbehaving peers against the engine, each from its own loopback source address (127.0.0.2 for MLLP,
 * .3 for HTTP, .4 for DICOM) so per-address limits can tell them from the well-behaved clients on 127.0.0.1:
 * connections that trickle a message one byte per second, connections that send part of a huge block and
 * hold it, idle connections, and short connections that send junk. A peer whose connection the engine
 * closes comes back (as a misconfigured sender would). Counts what happened per kind.
 */
final class Attackers implements AutoCloseable {

    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2, daemon("hostile-tick"));
    private final ExecutorService streams = Executors.newCachedThreadPool(daemon("hostile-stream"));
    private final List<Trickle> trickles = new ArrayList<>();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final java.util.Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** A connection that writes the next byte of its payload every second and reconnects when closed. */
    private final class Trickle {
        final String kind;
        final String from;
        final int port;
        final byte[] payload;
        Socket socket;
        int next;

        Trickle(String kind, String from, int port, byte[] payload) {
            this.kind = kind;
            this.from = from;
            this.port = port;
            this.payload = payload;
        }

        void tick() {
            try {
                if (socket == null) {
                    socket = connect(from, port, kind);
                    next = 0;
                }
                if (next < payload.length) {
                    socket.getOutputStream().write(payload[next++]);
                    socket.getOutputStream().flush();
                }
                count(kind + " bytes trickled");
            } catch (IOException e) {
                count(kind + " closed by the engine");
                closeQuietly(socket);
                socket = null;
            }
        }
    }

    /** n connections from `from` trickling payload at 1 byte/s. */
    void trickle(String kind, String from, int port, int n, byte[] payload) {
        for (int i = 0; i < n; i++) {
            trickles.add(new Trickle(kind, from, port, payload));
        }
    }

    /** n connections that write the payload's head (a big block) as fast as they can, then hold; again when closed. */
    void flood(String kind, String from, int port, int n, Supplier<byte[]> head, long bytes, byte fill) {
        for (int i = 0; i < n; i++) {
            streams.execute(() -> {
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, fill);
                while (!closed) {
                    Socket s = null;
                    try {
                        s = connect(from, port, kind);
                        OutputStream out = s.getOutputStream();
                        out.write(head.get());
                        for (long sent = 0; sent < bytes && !closed; sent += chunk.length) {
                            out.write(chunk);
                        }
                        count(kind + " blocks sent unfinished");
                        s.setSoTimeout(1000);
                        InputStream in = s.getInputStream();
                        while (!closed) { // hold; whatever the engine answers is read and dropped
                            try {
                                if (in.read(chunk) < 0) {
                                    break;
                                }
                            } catch (java.net.SocketTimeoutException idle) {
                                // still open
                            }
                        }
                        count(kind + " closed by the engine");
                        sleep(200); // come back, but not in a tight loop
                    } catch (IOException e) {
                        count(kind + " refused or reset");
                        sleep(200);
                    } finally {
                        closeQuietly(s);
                    }
                }
            });
        }
    }

    /** n connections that only connect and wait; reopened every 5 s when the engine closed them. */
    void idle(String kind, String from, int port, int n) {
        Socket[] sockets = new Socket[n];
        ticker.scheduleWithFixedDelay(() -> {
            for (int i = 0; i < n && !closed; i++) {
                if (sockets[i] != null && !isClosedByPeer(sockets[i])) {
                    continue;
                }
                if (sockets[i] != null) {
                    count(kind + " closed by the engine");
                    closeQuietly(sockets[i]);
                }
                try {
                    sockets[i] = connect(from, port, kind);
                } catch (IOException e) {
                    sockets[i] = null;
                    count(kind + " refused or reset");
                }
            }
        }, 0, 5, TimeUnit.SECONDS);
    }

    /** A loop of short connections sending junk and reading until the engine closes them. */
    void junk(String kind, String from, int port, int n, Supplier<byte[]> junk) {
        for (int i = 0; i < n; i++) {
            streams.execute(() -> {
                byte[] buf = new byte[4096];
                while (!closed) {
                    Socket s = null;
                    try {
                        s = connect(from, port, kind);
                        s.setSoTimeout(5000);
                        s.getOutputStream().write(junk.get());
                        InputStream in = s.getInputStream();
                        while (in.read(buf) >= 0) {
                            // the engine's answer (A-ABORT, 400 ...) is dropped
                        }
                        count(kind + " answered and closed");
                    } catch (IOException e) {
                        count(kind + " refused, reset or timed out");
                    } finally {
                        closeQuietly(s);
                    }
                    sleep(100);
                }
            });
        }
    }

    void start() {
        ticker.scheduleAtFixedRate(() -> {
            for (Trickle t : trickles) {
                if (!closed) {
                    t.tick();
                }
            }
        }, 0, 1, TimeUnit.SECONDS);
    }

    Map<String, Long> counts() {
        Map<String, Long> m = new java.util.TreeMap<>();
        counts.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    private void count(String what) {
        counts.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    private Socket connect(String from, int port, String kind) throws IOException {
        Socket s = new Socket();
        try {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 3000);
            count(kind + " connections");
            open.add(s);
            return s;
        } catch (IOException e) {
            closeQuietly(s);
            throw e;
        }
    }

    private static boolean isClosedByPeer(Socket s) {
        try {
            s.setSoTimeout(1);
            return s.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException open) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms); // paces the hostile peers (trickling bytes, reconnecting), not a wait for a condition
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeQuietly(Socket s) {
        if (s != null) {
            open.remove(s);
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        closed = true;
        ticker.shutdownNow();
        streams.shutdownNow();
        for (Socket s : List.copyOf(open)) {
            closeQuietly(s);
        }
    }
}
