package org.radbridge.app;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.component.netty.DefaultChannelHandlerFactory;

/**
 * The MLLP listeners' part of a graceful stop (docs/deploy.md, "Graceful stop"): the first handler of both MLLP
 * routes (decoders "#mllpDrain,..."). It knows every open connection and its listening socket; on
 * {@link #stopAccepting()} the listening sockets close (new connections are refused by the kernel), a connection
 * that still arrives is closed at once, and bytes arriving on open connections are dropped, so no new message
 * starts: a message is either answered AA after its commit (those already in flight) or not answered at all (the
 * sender sends it again, elsewhere or after the restart; an AA'd one comes back as a duplicate and gets its
 * original ACK). {@link #closeConnections()} closes the rest once the in-flight messages are answered.
 */
public final class MllpDrain {

    private final ChannelGroup connections = new DefaultChannelGroup("mllp-connections", GlobalEventExecutor.INSTANCE);
    private final Set<Channel> listeners = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    /** The handler factory bound as "mllpDrain" (one handler per connection). */
    public DefaultChannelHandlerFactory handlers() {
        return new DefaultChannelHandlerFactory() {
            @Override
            public ChannelHandler newChannelHandler() {
                return new Handler();
            }
        };
    }

    /**
     * Closes the listening sockets seen so far (through a connection of theirs); from now on new connections are
     * closed and new bytes dropped. Returns the local ports closed: a listener not among them never had a
     * connection, so nothing is in flight there and its route can simply stop.
     */
    public Set<Integer> stopAccepting() {
        draining = true;
        Set<Integer> ports = new java.util.TreeSet<>();
        for (Channel ch : listeners) {
            if (ch.localAddress() instanceof java.net.InetSocketAddress a) {
                ports.add(a.getPort());
            }
            ch.close().awaitUninterruptibly(2000);
        }
        return ports;
    }

    public boolean draining() {
        return draining;
    }

    /** Closes every open MLLP connection (after the in-flight messages were answered or the grace period ran out). */
    public void closeConnections() {
        connections.close().awaitUninterruptibly(2000);
    }

    public int openConnections() {
        return connections.size();
    }

    final class Handler extends ChannelInboundHandlerAdapter {

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            Channel ch = ctx.channel();
            if (ch.parent() != null) {
                listeners.add(ch.parent());
            }
            connections.add(ch);
            super.channelActive(ctx); // the connection guard counts it (and uncounts it when it closes)
            if (draining) {
                ctx.close();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (draining) {
                ReferenceCountUtil.release(msg); // no new message starts while draining
                return;
            }
            super.channelRead(ctx, msg);
        }
    }
}
