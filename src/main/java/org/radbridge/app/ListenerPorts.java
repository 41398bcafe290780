package org.radbridge.app;

import io.netty.channel.Channel;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.netty.NettyConsumer;
import org.apache.camel.component.netty.SingleTCPNettyServerBootstrapFactory;

/**
 * The port a netty listener route is bound to: radbridge.mllp.port / radbridge.mllp.tls.port may be 0 (the OS
 * picks a free port, as tests do), so the configured number is not the bound one. camel-netty keeps the server
 * channel in a private field of {@link SingleTCPNettyServerBootstrapFactory}; it is read here, in one place.
 */
final class ListenerPorts {

    private ListenerPorts() {
    }

    /** The bound port of the netty consumer of {@code routeId}, or -1 when it is not listening. */
    static int bound(CamelContext camel, String routeId) {
        Route r = camel.getRoute(routeId);
        if (r == null || !(r.getConsumer() instanceof NettyConsumer c)
                || !(c.getNettyServerBootstrapFactory() instanceof SingleTCPNettyServerBootstrapFactory f)) {
            return -1;
        }
        try {
            Field field = SingleTCPNettyServerBootstrapFactory.class.getDeclaredField("channel");
            field.setAccessible(true);
            Channel ch = (Channel) field.get(f);
            return ch != null && ch.isActive() && ch.localAddress() instanceof InetSocketAddress a ? a.getPort() : -1;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read the bound port of route " + routeId, e);
        }
    }
}
