package org.radbridge.notify;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.radbridge.metrics.Metrics;
import org.radbridge.mllp.MllpClient;
import org.radbridge.outbox.DeliveryResult;
import org.radbridge.outbox.Destination;
import org.radbridge.outbox.OutboxEntry;
import org.radbridge.tls.ClientTls;

/**
 * An outbound MLLP destination on the outbox (docs/emr-delivery.md): sends each entry with MSH-10 set to
 * the entry's stable control id and waits for the acknowledgement within the ACK timeout. Connections are
 * kept open between messages (one per worker), checked before reuse when they were idle, closed after the
 * idle timeout, and reset after any failure: a timeout, a close by the receiver, or an acknowledgement
 * that is not for the sent control id (so a late ACK is never matched to the next message). What an
 * answer means is {@link AckCheck}; network failures are retried, a refused TLS handshake pauses the
 * destination (the outcome table of docs/outbox.md).
 */
public final class MllpDestination implements Destination {

    /** Idle connections older than this are probed before reuse. */
    static final long PROBE_AFTER_MILLIS = 200;

    private final Hl7DestinationConfig cfg;
    private final ClientTls tls;
    private final Metrics metrics;
    private final Deque<MllpClient> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    public MllpDestination(Hl7DestinationConfig cfg, ClientTls tls, Metrics metrics) {
        if (cfg.isFile()) {
            throw new IllegalArgumentException("destination " + cfg.name() + " has no address");
        }
        this.cfg = cfg;
        this.tls = tls;
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return cfg.name();
    }

    public Hl7DestinationConfig config() {
        return cfg;
    }

    @Override
    public int workers() {
        return cfg.workers();
    }

    @Override
    public boolean deadLetterBlocksKey() {
        return cfg.deadLetterBlocksKey();
    }

    @Override
    public DeliveryResult deliver(OutboxEntry e) {
        String controlId = e.controlId() == null || e.controlId().isEmpty() ? "RB" + e.id() : e.controlId();
        Charset cs = Hl7Edit.charsetOf(e.contentType());
        byte[] payload = Hl7Edit.stamp(e.payload(), e.contentType(), controlId);
        MllpClient c;
        try {
            c = connection();
        } catch (SSLHandshakeException ex) {
            return count(DeliveryResult.pause("TLS refused by " + cfg.address() + ": " + ex.getMessage()), "tls-refused");
        } catch (SSLException ex) {
            return count(tlsOrRetry(ex, "TLS handshake with " + cfg.address() + " failed"), "tls-error");
        } catch (SocketTimeoutException ex) {
            return count(DeliveryResult.retry("connect timeout (" + cfg.connectTimeoutMillis() + " ms) to " + cfg.address()), "no-connection");
        } catch (ConnectException | UnknownHostException ex) {
            return count(DeliveryResult.retry("cannot connect to " + cfg.address() + ": " + ex.getMessage()), "no-connection");
        } catch (IOException ex) {
            return count(DeliveryResult.retry("cannot connect to " + cfg.address() + ": " + ex), "no-connection");
        }
        boolean keep = false;
        try {
            c.send(payload);
            byte[] ack = c.receive(System.currentTimeMillis() + cfg.ackTimeoutMillis());
            AckCheck.Verdict v = AckCheck.check(new String(ack, cs), controlId, cfg.onAe(), cfg.onAr(), cfg.errorCodes());
            keep = v.keepConnection();
            return count(v.result(), v.ackCode());
        } catch (MllpClient.AckTimeout ex) {
            return count(DeliveryResult.retry(ex.getMessage() + " (ACK timeout " + cfg.ackTimeoutMillis()
                    + " ms); connection reset"), "timeout");
        } catch (EOFException ex) {
            return count(DeliveryResult.retry(ex.getMessage()), "closed");
        } catch (SSLException ex) {
            // TLS 1.3: a missing or refused client certificate is reported on the first read
            return count(tlsOrRetry(ex, "TLS error with " + cfg.address()), "tls-error");
        } catch (IOException ex) {
            return count(DeliveryResult.retry("connection to " + cfg.address() + " failed: " + ex), "io-error");
        } finally {
            if (keep && !closed) {
                idle.push(c);
            } else {
                c.close();
            }
        }
    }

    /** A refusal by the peer (an alert about certificates or the handshake) pauses; other TLS errors retry. */
    private static DeliveryResult tlsOrRetry(SSLException ex, String what) {
        String m = String.valueOf(ex.getMessage());
        if (ex instanceof SSLHandshakeException || m.contains("alert") || m.contains("certificate")) {
            return DeliveryResult.pause("TLS refused: " + what + ": " + m);
        }
        return DeliveryResult.retry(what + ": " + m);
    }

    /** The kinds the "reply" label may take; any other MSA-1 a receiver sends counts as "other". */
    private static final java.util.Set<String> REPLY_LABELS = java.util.Set.of("AA", "AE", "AR", "CA", "CE", "CR", "empty",
            "unreadable", "no-msa", "wrong-id", "tls-refused", "tls-error", "no-connection", "closed", "io-error", "timeout");

    private DeliveryResult count(DeliveryResult r, String reply) {
        String ack = REPLY_LABELS.contains(reply) ? reply : "other";
        if (metrics != null) {
            metrics.inc("radbridge_hl7_out_replies_total", "Answers of HL7 receivers by destination and kind "
                    + "(MSA-1, wrong-id, timeout, closed, no-connection, tls-refused ...)", "destination", cfg.name(), "reply", ack);
        }
        return r;
    }

    /** A kept-alive connection that is still usable, or a new one. */
    private MllpClient connection() throws IOException {
        long now = System.currentTimeMillis();
        MllpClient c;
        while ((c = idle.poll()) != null) {
            long idleFor = now - c.lastUsed();
            if (idleFor >= cfg.idleTimeoutMillis() || idleFor >= PROBE_AFTER_MILLIS && !c.stillUsable()) {
                c.close();
                continue;
            }
            return c;
        }
        return MllpClient.open(cfg.host(), cfg.port(), cfg.connectTimeoutMillis(), cfg.ackTimeoutMillis(),
                tls == null ? null : tls::wrap);
    }

    /** Closes connections idle longer than the idle timeout (called periodically). */
    public void closeIdle() {
        long now = System.currentTimeMillis();
        for (MllpClient c : idle) {
            if (now - c.lastUsed() >= cfg.idleTimeoutMillis() && idle.remove(c)) {
                c.close();
            }
        }
    }

    /** Open idle connections (for tests and /health detail). */
    public int idleConnections() {
        return idle.size();
    }

    @Override
    public void close() {
        closed = true;
        MllpClient c;
        while ((c = idle.poll()) != null) {
            c.close();
        }
    }
}
