package org.radbridge.app;

import io.netty.channel.ChannelHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.netty.DefaultChannelHandlerFactory;
import org.radbridge.intake.MllpConnectionGuard;
import org.radbridge.intake.MllpFrameDecoder;

/** Netty handler factories for the MLLP listeners (one handler instance per connection). */
final class MllpHandlers {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MllpHandlers.class);

    private MllpHandlers() {
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
