package org.radbridge.audit;

import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.openehealth.ipf.commons.audit.DefaultAuditContext;
import org.openehealth.ipf.commons.audit.TlsParameters;
import org.openehealth.ipf.commons.audit.model.AuditMessage;
import org.openehealth.ipf.commons.audit.protocol.TLSSyslogSenderImpl;
import org.radbridge.store.Db;
import org.radbridge.store.Tx;
import org.radbridge.threads.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports the audit trail as IHE ATNA messages (ITI-20: DICOM PS3.15 A.5 XML in RFC 5424 syslog over TLS,
 * RFC 5425) to an Audit Record Repository, with IPF's audit library configured against its unsafe
 * defaults: enabled, TLS (not UDP), the engine's TLS material with server host name verification and
 * TLS 1.2+, and failures that are not swallowed — the export is a durable cursor over {@code audit_events}
 * (table {@code audit_export}): a record counts as exported only after it was written to the repository's
 * connection, a failure is retried (with backoff) from the same record, nothing is dropped. One instance
 * exports at a time (a lease in the cursor row).
 */
public final class AtnaExporter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AtnaExporter.class);
    static final String CURSOR = "atna";
    static final long LEASE_MILLIS = 30_000;

    private final JdbcAuditTrail trail;
    private final Db db;
    private final DefaultAuditContext context;
    private final TLSSyslogSenderImpl sender;
    private final AtnaMessages messages;
    private final String instance;
    private final ScheduledExecutorService scheduler = Threads.scheduler("radbridge-atna-export");
    private volatile long failures;
    private volatile long exported;
    private volatile String lastError;

    /** Repository at host:port; {@code ssl} the engine's context (its key store is the client certificate). */
    public AtnaExporter(JdbcAuditTrail trail, String host, int port, SSLContext ssl, String[] protocols, String instance,
            String siteId, String application) {
        this.trail = trail;
        this.db = trail.db();
        this.instance = instance;
        TlsParameters tls = new TlsParameters() {
            @Override
            public SSLContext getSSLContext(boolean clientSide) {
                return ssl;
            }

            @Override
            public SSLSocketFactory getSSLSocketFactory(boolean clientSide) {
                return new VerifyingFactory(ssl.getSocketFactory(), protocols);
            }
        };
        // tested after each write too: a repository that closed the connection fails the send, so the cursor stays
        // and the records go again (at least once) instead of vanishing into a dead socket (RFC 5425 has no ACK)
        this.sender = new TLSSyslogSenderImpl(tls, TLSSyslogSenderImpl.SocketTestPolicy.TEST_BEFORE_AND_AFTER_WRITE);
        this.context = new DefaultAuditContext();
        context.setAuditEnabled(true); // IPF ships disabled
        context.setAuditRepositoryHost(host);
        context.setAuditRepositoryPort(port);
        context.setTlsParameters(tls);
        context.setAuditTransmissionProtocol(sender); // IPF ships UDP
        context.setAuditSourceId(instance);
        context.setAuditEnterpriseSiteId(siteId);
        context.setAuditExceptionHandler((ctx, t, msg) -> { // IPF ships a handler that logs and swallows
            throw new IllegalStateException("ATNA export failed: " + t, t);
        });
        context.getAuditMetadataProvider().setSendingApplication(application);
        this.messages = new AtnaMessages(context, application);
    }

    public void start(long pollMillis) {
        scheduler.scheduleWithFixedDelay(this::runQuietly, 0, pollMillis, TimeUnit.MILLISECONDS);
    }

    private void runQuietly() {
        try {
            exportPending(200);
            failures = 0;
        } catch (RuntimeException e) {
            failures++;
            lastError = e.getMessage();
            if (failures == 1 || failures % 60 == 0) {
                LOG.warn("ATNA export to {}:{} failed ({} times in a row; records stay queued): {}", context.getAuditRepositoryHostName(),
                        context.getAuditRepositoryPort(), failures, e.getMessage(), failures == 1 ? e : null); // the first with its stack trace
            }
            sleep(Math.min(30_000, 200L * (1L << Math.min(8, failures))));
        }
    }

    /** Sends up to {@code max} records after the cursor (if this instance holds the lease); returns how many. */
    public int exportPending(int max) {
        Long from = db.writeAndWait(tx -> lease(tx));
        if (from == null) {
            return 0;
        }
        List<JdbcAuditTrail.Stored> batch = trail.list(null, null, null, from, max);
        long last = from;
        int n = 0;
        try {
            for (JdbcAuditTrail.Stored s : batch) {
                AuditMessage m = messages.toAtna(s);
                if (m != null) {
                    sender.send(context, context.getAuditMetadataProvider(), context.getSerializationStrategy().marshal(m, false));
                    n++;
                }
                last = s.seq();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e.toString(), e);
        } finally {
            long upTo = last;
            if (upTo > from) {
                db.writeAndWait(tx -> tx.update("UPDATE audit_export SET last_seq=? WHERE name=? AND leased_by=?", upTo, CURSOR, instance));
            }
        }
        exported += n;
        return n;
    }

    /** Takes or renews the lease; the cursor position, or null when another instance holds it. */
    private Long lease(Tx tx) throws java.sql.SQLException {
        long now = System.currentTimeMillis();
        tx.update("INSERT INTO audit_export (name, last_seq) VALUES (?, 0) ON CONFLICT (name) DO NOTHING", CURSOR);
        int got = tx.update("UPDATE audit_export SET leased_by=?, leased_until=? WHERE name=? AND "
                + "(leased_by IS NULL OR leased_by=? OR leased_until<?)", instance, now + LEASE_MILLIS, CURSOR, instance, now);
        return got == 0 ? null : tx.queryOne("SELECT last_seq FROM audit_export WHERE name=?", rs -> rs.getLong(1), CURSOR);
    }

    /** For /health: consecutive failures and the last error. */
    public long consecutiveFailures() {
        return failures;
    }

    public String lastError() {
        return lastError;
    }

    public long exported() {
        return exported;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.shutdown();
    }

    /** TLS 1.2+ and the repository's certificate checked against its host name (RFC 5425 section 5.2). */
    static final class VerifyingFactory extends SSLSocketFactory {
        private final SSLSocketFactory d;
        private final String[] protocols;

        VerifyingFactory(SSLSocketFactory d, String[] protocols) {
            this.d = d;
            this.protocols = protocols;
        }

        private Socket configure(Socket s) {
            if (s instanceof SSLSocket ssl) {
                SSLParameters p = ssl.getSSLParameters();
                p.setProtocols(protocols);
                p.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(p);
            }
            return s;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return d.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return d.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws java.io.IOException {
            return configure(d.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws java.io.IOException {
            return configure(d.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws java.io.IOException {
            return configure(d.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws java.io.IOException {
            return configure(d.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws java.io.IOException {
            return configure(d.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws java.io.IOException {
            return configure(d.createSocket(address, port, localAddress, localPort));
        }
    }
}
