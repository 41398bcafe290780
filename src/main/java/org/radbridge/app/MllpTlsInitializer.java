package org.radbridge.app;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.component.netty.ChannelHandlerFactory;
import org.apache.camel.component.netty.NettyConfiguration;
import org.apache.camel.component.netty.NettyConsumer;
import org.apache.camel.component.netty.ServerInitializerFactory;
import org.apache.camel.component.netty.handlers.ServerChannelHandler;
import org.radbridge.audit.AuditEvents;
import org.radbridge.audit.AuditTrail;
import org.radbridge.mllp.MllpConnectionGuard;
import org.radbridge.log.RateLimitedLog;
import org.radbridge.tls.TlsMaterial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline of the MLLP-over-TLS listener (route mllp-tls-listener, option serverInitializerFactory):
 * a TLS handler from the engine's {@link TlsMaterial} — TLS 1.2+, client authentication none / want /
 * need (the stock netty factory can only require or refuse client certificates, and reads its key store
 * once) — whose failed handshakes are audited as security alerts, then the route's MLLP decoders and
 * encoders and Camel's handler, as camel-netty's default factory builds them. The route's connection guard
 * ({@link MllpConnectionGuard}) goes first, before the TLS handler: the same caps as the plain listener.
 * Failed handshakes are logged at most once a minute per listener, with how many more there were (a cipher
 * scan is hundreds of them); each is still audited (aggregated per peer by {@code audit.SecurityAlerts}).
 */
public final class MllpTlsInitializer extends ServerInitializerFactory {

    private static final Logger LOG = LoggerFactory.getLogger(MllpTlsInitializer.class);

    private final TlsMaterial tls;
    private final AuditTrail audit;
    private final String listener;
    private final NettyConsumer consumer;
    private final RateLimitedLog handshakeLog;

    public MllpTlsInitializer(TlsMaterial tls, AuditTrail audit, String listener) {
        this(tls, audit, listener, null, new RateLimitedLog(LOG, RateLimitedLog.MINUTE));
    }

    private MllpTlsInitializer(TlsMaterial tls, AuditTrail audit, String listener, NettyConsumer consumer,
            RateLimitedLog handshakeLog) {
        this.tls = tls;
        this.audit = audit;
        this.listener = listener;
        this.consumer = consumer;
        this.handshakeLog = handshakeLog;
    }

    @Override
    public ServerInitializerFactory createPipelineFactory(NettyConsumer c) {
        return new MllpTlsInitializer(tls, audit, listener, c, handshakeLog);
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        NettyConfiguration cfg = consumer.getConfiguration();
        List<ChannelHandler> decoders = cfg.getDecodersAsList().stream().map(MllpTlsInitializer::fresh).toList();
        for (ChannelHandler d : decoders) {
            if (d instanceof MllpConnectionGuard.Handler) {
                p.addLast("guard", d); // connection caps before the handshake: a refused connection costs no TLS
            }
        }
        p.addLast("ssl", new SslHandler(tls.serverEngine()));
        p.addLast("tls-audit", new HandshakeAudit(audit, listener, handshakeLog));
        List<ChannelHandler> encoders = cfg.getEncodersAsList();
        for (int i = 0; i < encoders.size(); i++) {
            p.addLast("encoder-" + i, fresh(encoders.get(i)));
        }
        for (int i = 0; i < decoders.size(); i++) {
            if (!(decoders.get(i) instanceof MllpConnectionGuard.Handler)) {
                p.addLast("decoder-" + i, decoders.get(i));
            }
        }
        if (cfg.isUsingExecutorService()) {
            p.addLast(consumer.getEndpoint().getComponent().getExecutorService(), "handler", new ServerChannelHandler(consumer));
        } else {
            p.addLast("handler", new ServerChannelHandler(consumer));
        }
    }

    private static ChannelHandler fresh(ChannelHandler h) {
        return h instanceof ChannelHandlerFactory f ? f.newChannelHandler() : h;
    }

    /** Audits a failed TLS handshake (DCM 110113 Security Alert): who, from where, why; logs it rate-limited. */
    static final class HandshakeAudit extends ChannelInboundHandlerAdapter {
        private final AuditTrail audit;
        private final String listener;
        private final RateLimitedLog log;

        HandshakeAudit(AuditTrail audit, String listener, RateLimitedLog log) {
            this.audit = audit;
            this.listener = listener;
            this.log = log;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof SslHandshakeCompletionEvent e && !e.isSuccess()) {
                String remote = String.valueOf(ctx.channel().remoteAddress());
                String reason = reason(e.cause());
                log.event("handshake-failed", RateLimitedLog.Level.INFO, "{}: TLS handshake with {} failed: {}", listener, remote,
                        reason);
                // not on the event loop: the audit append waits for the database
                CompletableFuture.runAsync(() -> {
                    try {
                        audit.record(AuditEvents.securityAlert(AuditEvents.TLS_HANDSHAKE_FAILED, null, remote, "listener", listener,
                                true, reason, null));
                        log.recovered("audit", "audit records of failed TLS handshakes are written again");
                    } catch (RuntimeException ex) {
                        log.failure("audit", ex, "audit record of a failed TLS handshake could not be written: {}", ex.toString());
                    }
                });
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // handshake failures are reported by the event above; anything else closes the connection quietly
            LOG.debug("{}: {} closed: {}", listener, ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }

        static String reason(Throwable t) {
            Throwable c = t;
            while (c.getCause() != null && c.getCause() != c) {
                c = c.getCause();
            }
            String m = c.getMessage();
            return c.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        }
    }
}
