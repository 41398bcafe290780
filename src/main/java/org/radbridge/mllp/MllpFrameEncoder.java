package org.radbridge.mllp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;

/** Frames a reply as one MLLP block: VT, payload, FS, CR. Accepts byte[] or String (as UTF-8). */
@ChannelHandler.Sharable
public final class MllpFrameEncoder extends MessageToByteEncoder<Object> {

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof byte[] || msg instanceof String;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, ByteBuf out) {
        byte[] b = msg instanceof byte[] bytes ? bytes : ((String) msg).getBytes(StandardCharsets.UTF_8);
        out.ensureWritable(b.length + 3);
        out.writeByte(Mllp.START_BLOCK);
        out.writeBytes(b);
        out.writeByte(Mllp.END_BLOCK);
        out.writeByte(Mllp.CARRIAGE_RETURN);
    }
}
