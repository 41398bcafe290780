package org.radbridge.app;

import io.netty.channel.ChannelHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.netty.DefaultChannelHandlerFactory;
import org.radbridge.audit.AuditTrail;
import org.radbridge.engine.EngineContext;
import org.radbridge.mllp.MllpBudget;
import org.radbridge.mllp.MllpConnectionGuard;
import org.radbridge.mllp.MllpFrameDecoder;
import org.radbridge.mllp.MllpFrameEncoder;
import org.radbridge.mllp.MllpRefusals;
import org.radbridge.metrics.Metrics;
import org.radbridge.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The beans of the MLLP listener routes (routes/intake.camel.yaml): netty handler factories (one handler instance
 * per connection) with the radbridge.mllp.* limits of docs/security.md §7, shared by the plain and the TLS listener
 * (one buffer budget for both, one connection guard each).
 */
final class MllpHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(MllpHandlers.class);

    /** Bean name of the listeners' {@link MllpDrain} (graceful stop). */
    static final String DRAIN = "mllpDrainControl";

    private MllpHandlers() {
    }

    /** Binds mllpDrain (and {@value #DRAIN}), mllpEncoder, mllpGuard / mllpTlsGuard, mllpIdle, mllpDecoder / mllpTlsDecoder, mllpInFlight, mllpTlsInitializer. */
    static void bindListeners(EngineContext ctx, Settings s, AuditTrail alerts) {
        Metrics metrics = ctx.metrics();
        MllpBudget budget = new MllpBudget(s.getLong("radbridge.mllp.max-buffered-bytes", 1));
        MllpRefusals refusals = new MllpRefusals(metrics, 60_000);
        MllpFrameDecoder.Limits limits = new MllpFrameDecoder.Limits(s.getInt("radbridge.mllp.max-message-bytes", 1024, Integer.MAX_VALUE),
                s.getInt("radbridge.mllp.message-deadline-seconds", 0, 86_400) * 1000L, budget, refusals);
        int maxConnections = s.getInt("radbridge.mllp.max-connections", 1, 100_000);
        int maxPerAddress = s.getInt("radbridge.mllp.max-connections-per-address", 1, 100_000);
        MllpConnectionGuard plain = new MllpConnectionGuard("mllp", maxConnections, maxPerAddress, refusals);
        MllpConnectionGuard tls = new MllpConnectionGuard("mllp-tls", maxConnections, maxPerAddress, refusals);
        int listeners = s.isSet("radbridge.mllp.tls.port") ? 2 : 1;
        int dicomListeners = s.isSet("radbridge.dicom.tls.port") ? 2 : 1;
        checkDescriptorHeadroom((long) listeners * maxConnections
                + (long) dicomListeners * s.getInt("radbridge.dicom.max-associations", 1, 10_000));
        ctx.bind("mllpEncoder", new MllpFrameEncoder());
        ctx.bind("mllpGuard", guard(plain));
        ctx.bind("mllpTlsGuard", guard(tls));
        ctx.bind("mllpIdle", idle(s.getInt("radbridge.mllp.read-timeout-seconds", 1, Integer.MAX_VALUE),
                s.getInt("radbridge.mllp.idle-timeout-seconds", 0, Integer.MAX_VALUE)));
        ctx.bind("mllpDecoder", decoder(limits, "mllp"));
        ctx.bind("mllpTlsDecoder", decoder(limits, "mllp-tls"));
        ctx.bind("mllpInFlight", new MllpInFlight(metrics));
        MllpDrain drain = new MllpDrain();
        ctx.bind("mllpDrain", drain.handlers());
        ctx.bind(DRAIN, drain);
        ctx.bind("mllpTlsInitializer", new MllpTlsInitializer(ctx.tls(), alerts, "mllp-tls"));
        metrics.collector(m -> {
            m.set("radbridge_mllp_connections", "MLLP connections open", plain.open(), "listener", plain.listener());
            m.set("radbridge_mllp_connections", "MLLP connections open", tls.open(), "listener", tls.listener());
            m.set("radbridge_mllp_buffered_bytes", "Bytes held for MLLP peers: blocks being received and blocks not yet"
                    + " answered (limit radbridge.mllp.max-buffered-bytes)", budget.used());
        });
    }

    /**
     * Warns at start when the connection caps allow more connections than the process has file descriptors
     * left (ulimit -n): running out makes every listener, the database and /health fail, so the caps should
     * be reached first.
     */
    static void checkDescriptorHeadroom(long connections) {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            long max = os.getMaxFileDescriptorCount();
            long open = os.getOpenFileDescriptorCount();
            long reserve = 64; // HTTP clients, database files, outbound connections
            if (open + connections + reserve > max) {
                LOG.warn("the connection limits allow {} connections but only {} of {} file descriptors are free: lower"
                        + " radbridge.mllp.max-connections / radbridge.dicom.max-associations or raise the limit (ulimit -n)",
                        connections, max - open, max);
            }
        }
    }

    static DefaultChannelHandlerFactory decoder(MllpFrameDecoder.Limits limits, String channel) {
        return new DefaultChannelHandlerFactory() {
            @Override
            public ChannelHandler newChannelHandler() {
                return new MllpFrameDecoder(limits, channel);
            }
        };
    }

    /** The listener's connection caps; first in the route's decoders (the TLS initializer puts it before TLS). */
    static DefaultChannelHandlerFactory guard(MllpConnectionGuard guard) {
        return new DefaultChannelHandlerFactory() {
            @Override
            public ChannelHandler newChannelHandler() {
                return guard.newHandler();
            }
        };
    }

    /** Reader idle = read timeout (acts only inside a started block), all idle = idle timeout. */
    static DefaultChannelHandlerFactory idle(int readTimeoutSeconds, int idleTimeoutSeconds) {
        return new DefaultChannelHandlerFactory() {
            @Override
            public ChannelHandler newChannelHandler() {
                return new IdleStateHandler(readTimeoutSeconds, 0, idleTimeoutSeconds, TimeUnit.SECONDS);
            }
        };
    }
}
