package org.radbridge.intake;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MLLP framing (HL7 v2 MLLP Release 2, "Minimal Lower Layer Protocol"): bytes before the start block
 * (VT, 0x0B) — a byte-order mark, stray line feeds, noise — are dropped; the block ends at FS (0x1C), with
 * the trailing CR optional. A block larger than the limit is drained to its end, its first bytes (up to the
 * limit) kept so the refusal can name the message and the journal keeps what fits, and reported as oversize. An idle connection is closed after the idle timeout, and a
 * block that stalls half-way after the read timeout. Not sharable: one instance per connection.
 */
public final class MllpFrameDecoder extends ByteToMessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(MllpFrameDecoder.class);
    static final byte VT = 0x0B;
    static final byte FS = 0x1C;
    static final byte CR = 0x0D;

    private final int maxBytes;
    private final String channel;
    private ByteArrayOutputStream block;
    private long blockBytes;
    private boolean swallowCr;

    public MllpFrameDecoder(int maxBytes, String channel) {
        this.maxBytes = maxBytes;
        this.channel = channel;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (swallowCr) {
                swallowCr = false;
                if (in.getByte(in.readerIndex()) == CR) {
                    in.skipBytes(1);
                    continue;
                }
            }
            if (block == null) {
                int vt = in.indexOf(in.readerIndex(), in.writerIndex(), VT);
                if (vt < 0) {
                    in.skipBytes(in.readableBytes()); // noise outside a block
                    return;
                }
                in.readerIndex(vt + 1);
                block = new ByteArrayOutputStream(2048);
                blockBytes = 0;
                continue;
            }
            int fs = in.indexOf(in.readerIndex(), in.writerIndex(), FS);
            int end = fs < 0 ? in.writerIndex() : fs;
            int n = end - in.readerIndex();
            if (n > 0) {
                // keep at most the limit; an oversize block is drained to its end and reported
                int take = (int) Math.max(0, Math.min(n, maxBytes - blockBytes));
                if (take > 0) {
                    byte[] tmp = new byte[take];
                    in.getBytes(in.readerIndex(), tmp);
                    block.write(tmp, 0, take);
                }
                blockBytes += n;
                in.skipBytes(n);
            }
            if (fs >= 0) {
                in.skipBytes(1);
                swallowCr = true;
                byte[] payload = block.toByteArray();
                boolean oversize = blockBytes > maxBytes;
                block = null;
                out.add(new MllpFrame(payload, blockBytes, oversize, String.valueOf(ctx.channel().remoteAddress()),
                        channel, tlsIdentity(ctx)));
            }
        }
    }

    private static String tlsIdentity(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return null;
        }
        try {
            return ssl.engine().getSession().getPeerPrincipal().getName();
        } catch (Exception e) {
            return null; // no client certificate
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent e) {
            if (e.state() == IdleState.READER_IDLE && block != null) {
                LOG.info("MLLP connection {}: block incomplete after the read timeout, closing", ctx.channel().remoteAddress());
                ctx.close();
                return;
            }
            if (e.state() == IdleState.ALL_IDLE) {
                LOG.info("MLLP connection {}: idle timeout, closing", ctx.channel().remoteAddress());
                ctx.close();
                return;
            }
        }
        super.userEventTriggered(ctx, evt);
    }
}
