package org.radbridge.mllp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connection caps of one MLLP listener (radbridge.mllp.max-connections and
 * radbridge.mllp.max-connections-per-address): a connection over either cap is closed at once, before any
 * byte of it is read (on the TLS listener before the handshake), counted and logged once per interval;
 * connections already open are not affected. One guard per listener, one {@link #newHandler} per connection,
 * first in the pipeline.
 */
public final class MllpConnectionGuard {

    private final String listener;
    private final int maxConnections;
    private final int maxPerAddress;
    private final MllpRefusals refusals;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    public MllpConnectionGuard(String listener, int maxConnections, int maxPerAddress, MllpRefusals refusals) {
        this.listener = listener;
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
        this.refusals = refusals;
    }

    public String listener() {
        return listener;
    }

    /** Connections currently admitted. */
    public int open() {
        return open.get();
    }

    public Handler newHandler() {
        return new Handler();
    }

    /** Admits or closes one connection; releases its slots when it closes. */
    public final class Handler extends ChannelInboundHandlerAdapter {
        private boolean admitted;
        private InetAddress address;

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            SocketAddress remote = ctx.channel().remoteAddress();
            address = remote instanceof InetSocketAddress isa ? isa.getAddress() : null;
            if (open.incrementAndGet() > maxConnections) {
                open.decrementAndGet();
                refuse(ctx, MllpRefusals.Reason.MAX_CONNECTIONS, "connection refused: " + maxConnections
                        + " connections are open (radbridge.mllp.max-connections)");
                return;
            }
            if (address != null) {
                int[] now = new int[1];
                perAddress.compute(address, (a, n) -> {
                    AtomicInteger c = n == null ? new AtomicInteger() : n;
                    now[0] = c.incrementAndGet();
                    return c;
                });
                if (now[0] > maxPerAddress) {
                    decrement(address);
                    open.decrementAndGet();
                    refuse(ctx, MllpRefusals.Reason.MAX_CONNECTIONS_PER_ADDRESS, "connection refused: " + maxPerAddress
                            + " connections are open from this address (radbridge.mllp.max-connections-per-address)");
                    return;
                }
            }
            admitted = true;
            super.channelActive(ctx);
        }

        private void refuse(ChannelHandlerContext ctx, MllpRefusals.Reason reason, String what) {
            refusals.record(listener, reason, ctx.channel().remoteAddress(), what);
            ctx.close();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (admitted) {
                super.channelRead(ctx, msg);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (admitted) {
                admitted = false;
                open.decrementAndGet();
                if (address != null) {
                    decrement(address);
                }
                super.channelInactive(ctx);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
            if (admitted) {
                super.exceptionCaught(ctx, cause);
            } else {
                ctx.close();
            }
        }
    }

    private void decrement(InetAddress a) {
        perAddress.computeIfPresent(a, (k, n) -> n.decrementAndGet() <= 0 ? null : n); // atomic per address
    }
}
