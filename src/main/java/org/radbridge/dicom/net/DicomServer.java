package org.radbridge.dicom.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import org.radbridge.dicom.TransferSyntax;
import org.radbridge.threads.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DICOM acceptor (PS3.8 association acceptor, PS3.7 SCP): listens on one address and port, plain TCP
 * or TLS (PS3.15 B.1 secure transport), and serves each connection on its own thread. Connections in the
 * association request phase are bounded (in all and per remote address) and must complete their A-ASSOCIATE-RQ
 * within ARTIM; an association slot ({@link Config#maxAssociations}) is taken only for an accepted request, beyond
 * it associations are rejected transient / service-provider / local-limit-exceeded ({@link AssociationAdmission}).
 * A failing accept (e.g. out of file descriptors) backs off up to a second instead of spinning.
 *
 * <pre>{@code
 * DicomServiceRegistry services = new DicomServiceRegistry().add(new VerificationScp()).add(myWorklistScp);
 * DicomServer server = new DicomServer(new DicomServer.Config()
 *         .bindAddress("127.0.0.1").port(11112).aeTitles(Set.of("RADBRIDGE")).handler(services));
 * server.start();            // server.port() is the bound port (useful with port 0)
 * ...
 * server.close();            // stops listening and aborts open associations
 * }</pre>
 */
public final class DicomServer implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(DicomServer.class);

    /** TLS client authentication mode. */
    public enum ClientAuth { NONE, WANT, NEED }

    /** Server configuration (fluent). */
    public static final class Config {
        private String name = "DICOM";
        private String bindAddress = "127.0.0.1";
        private int port = 11112;
        private Set<String> aeTitles = Set.of();
        private DimseRequestHandler handler;
        private AssociationPolicy policy = AssociationPolicy.ACCEPT_ALL;
        private List<TransferSyntax> transferSyntaxes = List.of(TransferSyntax.values());
        private AssociationSettings settings = new AssociationSettings();
        private SSLServerSocketFactory sslServerSocketFactory;
        private ClientAuth clientAuth = ClientAuth.NONE;
        private String[] tlsProtocols = {"TLSv1.3", "TLSv1.2"};
        private int maxAssociations = 50;
        private int maxPending = 32;
        private int maxPendingPerAddress = 8;
        private java.util.function.BiConsumer<java.net.InetSocketAddress, Exception> tlsFailureListener;

        /** Name used in logs (e.g. "DICOM" or "DICOM-TLS"). */
        public Config name(String n) {
            this.name = n;
            return this;
        }

        public Config bindAddress(String a) {
            this.bindAddress = a;
            return this;
        }

        /** Port; 0 picks a free one (see {@link DicomServer#port()}). */
        public Config port(int p) {
            this.port = p;
            return this;
        }

        /** Accepted called AE titles; empty accepts any (otherwise: permanent / service-user / called-AE-not-recognized). */
        public Config aeTitles(Set<String> titles) {
            this.aeTitles = Set.copyOf(titles);
            return this;
        }

        public Config handler(DimseRequestHandler h) {
            this.handler = h;
            return this;
        }

        public Config policy(AssociationPolicy p) {
            this.policy = Objects.requireNonNull(p);
            return this;
        }

        /** Transfer syntaxes accepted for every presentation context (default: all of {@link TransferSyntax}). */
        public Config transferSyntaxes(List<TransferSyntax> ts) {
            this.transferSyntaxes = List.copyOf(ts);
            return this;
        }

        public Config settings(AssociationSettings s) {
            this.settings = s;
            return this;
        }

        /** Turns the listener into a TLS listener. */
        public Config tls(SSLServerSocketFactory factory, ClientAuth auth, String... protocols) {
            this.sslServerSocketFactory = factory;
            this.clientAuth = auth;
            if (protocols.length > 0) {
                this.tlsProtocols = protocols.clone();
            }
            return this;
        }

        public Config maxAssociations(int n) {
            this.maxAssociations = n;
            return this;
        }

        /**
         * Connections in the association request phase (before the association is established: TLS handshake,
         * A-ASSOCIATE-RQ, waiting for the peer to close after a rejection), in all and per remote address; beyond
         * them the oldest such connection is closed (see {@link AssociationAdmission}).
         */
        public Config maxPending(int total, int perAddress) {
            this.maxPending = total;
            this.maxPendingPerAddress = perAddress;
            return this;
        }

        /**
         * Called (on the connection's thread) when a TLS handshake fails: the peer's address and the
         * exception — no client certificate when one is needed, an untrusted one, no common protocol.
         */
        public Config onTlsFailure(java.util.function.BiConsumer<java.net.InetSocketAddress, Exception> listener) {
            this.tlsFailureListener = listener;
            return this;
        }

        java.util.function.BiConsumer<java.net.InetSocketAddress, Exception> tlsFailureListener() {
            return tlsFailureListener;
        }

        String name() {
            return name;
        }

        Set<String> aeTitles() {
            return aeTitles;
        }

        DimseRequestHandler handler() {
            return handler;
        }

        AssociationPolicy policy() {
            return policy;
        }

        List<TransferSyntax> transferSyntaxes() {
            return transferSyntaxes;
        }

        AssociationSettings settings() {
            return settings;
        }
    }

    private final Config cfg;
    private final Set<Association> active = ConcurrentHashMap.newKeySet();
    private AssociationAdmission admission;
    private ServerSocket serverSocket;
    private ExecutorService pool;
    private Thread acceptThread;
    private volatile boolean running;
    private volatile boolean accepting;

    public DicomServer(Config cfg) {
        this.cfg = Objects.requireNonNull(cfg);
        Objects.requireNonNull(cfg.handler, "handler");
    }

    /** Binds and starts accepting. */
    public synchronized DicomServer start() throws IOException {
        if (running) {
            return this;
        }
        ServerSocket ss;
        if (cfg.sslServerSocketFactory != null) {
            SSLServerSocket ssl = (SSLServerSocket) cfg.sslServerSocketFactory.createServerSocket();
            ssl.setEnabledProtocols(cfg.tlsProtocols);
            ssl.setNeedClientAuth(cfg.clientAuth == ClientAuth.NEED);
            if (cfg.clientAuth == ClientAuth.WANT) {
                ssl.setWantClientAuth(true);
            }
            ss = ssl;
        } else {
            ss = new ServerSocket();
        }
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(InetAddress.getByName(cfg.bindAddress), cfg.port), 50);
        serverSocket = ss;
        pool = Executors.newCachedThreadPool(Threads.numberedDaemons("dicom-" + cfg.name + "-assoc"));
        admission = new AssociationAdmission(cfg.name, cfg.settings.artimTimeout(), cfg.maxPending,
                cfg.maxPendingPerAddress, cfg.maxAssociations, pool);
        running = true;
        accepting = true;
        acceptThread = Threads.startDaemon("dicom-" + cfg.name + "-listener-" + port(), this::acceptLoop);
        LOG.info("{} listening on {}:{}{} (AE titles {})", cfg.name, cfg.bindAddress, port(),
                cfg.sslServerSocketFactory != null ? " (TLS, client auth " + cfg.clientAuth + ")" : "",
                cfg.aeTitles.isEmpty() ? "any" : cfg.aeTitles);
        return this;
    }

    /** The bound port (the real one when configured with 0), or -1 before start. */
    public int port() {
        ServerSocket ss = serverSocket;
        return ss == null ? -1 : ss.getLocalPort();
    }

    /** False once {@link #stopAccepting()} or {@link #close()} ran. */
    public boolean accepting() {
        return running && accepting;
    }

    /** Associations currently open (established or negotiating). */
    public Set<Association> activeAssociations() {
        return Set.copyOf(active);
    }

    /** Connections in the association request phase (see {@link AssociationAdmission}). */
    int requestPhaseConnections() {
        AssociationAdmission a = admission;
        return a == null ? 0 : a.pendingCount();
    }

    private void acceptLoop() {
        AcceptBackoff backoff = new AcceptBackoff(cfg.name, LOG, 60_000, System::currentTimeMillis);
        while (running && accepting) {
            Socket s;
            try {
                s = serverSocket.accept();
            } catch (IOException e) {
                if (running && accepting) {
                    pause(backoff.failed(e)); // e.g. "Too many open files": the connection stays queued, retrying at once fails again
                }
                continue;
            }
            backoff.succeeded();
            try {
                Association as = new Association(s, cfg.settings, false);
                active.add(as);
                as.setCloseListener(() -> {
                    active.remove(as);
                    admission.closed(as);
                });
                admission.admit(as);
                pool.execute(() -> AssociationAcceptor.serve(as, cfg, admission));
            } catch (IOException | RuntimeException e) {
                LOG.warn("{}: cannot serve connection", cfg.name, e);
                try {
                    s.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops listening (graceful stop, first step): the listening socket closes, open associations go on until
     * they are released or {@link #close()} aborts them.
     */
    public synchronized void stopAccepting() {
        if (!running || !accepting) {
            return;
        }
        accepting = false;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    /** Stops listening, aborts open associations and waits briefly for their threads. */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Association as : active) {
            as.abort();
        }
        admission.close();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
            acceptThread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("{} on port {} stopped", cfg.name, serverSocket.getLocalPort());
    }
}
