package org.radbridge.app;

import io.netty.channel.ChannelHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.netty.DefaultChannelHandlerFactory;
import org.radbridge.intake.MllpConnectionGuard;
import org.radbridge.intake.MllpFrameDecoder;

/** Netty handler factories for the MLLP listeners (one handler instance per connection). */
final class MllpHandlers {

    private MllpHandlers() {
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
