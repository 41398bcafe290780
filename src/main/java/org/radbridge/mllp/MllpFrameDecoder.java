package org.radbridge.mllp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ByteProcessor;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MLLP framing (HL7 v2 MLLP Release 2, "Minimal Lower Layer Protocol"): bytes before the start block
 * (VT, 0x0B) — a byte-order mark, stray line feeds, noise — are dropped; the block ends at FS (0x1C), with
 * the trailing CR optional. A block larger than the limit is drained to its end, its first bytes (up to the
 * limit) kept so the refusal can name the message and the journal keeps what fits, and reported as oversize.
 * A start block inside an open block that begins a new message (MSH, FHS or BHS after at most a few CR/LF)
 * ends the open one as incomplete (passed on, flagged, when its MSH-10 is readable; otherwise dropped and
 * counted) and begins a new block; any other VT inside a block is data (real senders end messages with
 * "\r\v\r\r" before FS).
 *
 * <p>Resource limits (docs/security.md): the connection is closed when a block is not complete within the
 * message deadline (from start block to end block, however slowly it trickles), when buffering it would
 * exceed the global {@link MllpBudget}, after the read timeout inside a block, and after the idle timeout.
 * Not sharable: one instance per connection.
 */
public final class MllpFrameDecoder extends ByteToMessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(MllpFrameDecoder.class);
    static final byte VT = Mllp.START_BLOCK;
    static final byte FS = Mllp.END_BLOCK;
    static final byte CR = Mllp.CARRIAGE_RETURN;

    /**
     * @param maxMessageBytes radbridge.mllp.max-message-bytes
     * @param deadlineMillis radbridge.mllp.message-deadline-seconds in ms (0 = none)
     * @param budget radbridge.mllp.max-buffered-bytes, shared by all connections of all MLLP listeners
     * @param refusals where closed connections and dropped blocks are counted and logged
     */
    public record Limits(int maxMessageBytes, long deadlineMillis, MllpBudget budget, MllpRefusals refusals) {
        /** Only the size limit (tests, tools). */
        /** Refusal log of decoders made without the engine's limits: shared, so it is rate-limited across them too. */
        private static final MllpRefusals STANDALONE_REFUSALS = new MllpRefusals(null, 60_000);

        public static Limits ofSize(int maxMessageBytes) {
            return new Limits(maxMessageBytes, 0, new MllpBudget(Long.MAX_VALUE), STANDALONE_REFUSALS);
        }
    }

    private final Limits limits;
    private final String channel;
    private MllpBlockBuffer block;
    private long blockBytes;
    private boolean swallowCr;
    private boolean closing;
    private ScheduledFuture<?> deadline;

    public MllpFrameDecoder(int maxBytes, String channel) {
        this(Limits.ofSize(maxBytes), channel);
    }

    public MllpFrameDecoder(Limits limits, String channel) {
        this.limits = limits;
        this.channel = channel;
    }

    /** The few bytes from a VT inside an open block whose meaning depends on bytes not yet received. */
    private byte[] undecided;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (undecided == null) {
            decodeFrom(ctx, in, out);
            return;
        }
        ByteBuf merged = Unpooled.buffer(undecided.length + in.readableBytes());
        try {
            merged.writeBytes(undecided);
            merged.writeBytes(in);
            undecided = null;
            decodeFrom(ctx, merged, out);
        } finally {
            merged.release();
        }
    }

    private void decodeFrom(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (closing) {
                in.skipBytes(in.readableBytes());
                return;
            }
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
                startBlock(ctx);
                continue;
            }
            // one pass to the first FS or to a VT that begins a new message (each byte looked at once: a stream of
            // thousands of "VT MSH" blocks without FS must not be rescanned per block)
            int fs = -1;
            int vt = -1;
            boolean waitForMore = false;
            int from = in.readerIndex();
            while (from < in.writerIndex()) {
                int i = in.forEachByte(from, in.writerIndex() - from, NOT_VT_OR_FS);
                if (i < 0) {
                    break;
                }
                if (in.getByte(i) == FS) {
                    fs = i;
                    break;
                }
                int start = startsMessage(in, i + 1, in.writerIndex());
                if (start != 0) {
                    vt = i; // a new message begins here (start > 0), or too few bytes after the VT to tell yet
                    waitForMore = start < 0;
                    break;
                }
                from = i + 1; // a stray VT inside the message (trailing garbage such as "\r\v\r\r" before FS): data
            }
            int end = vt >= 0 ? vt : fs >= 0 ? fs : in.writerIndex();
            int n = end - in.readerIndex();
            if (n > 0) {
                // keep at most the limit; an oversize block is drained to its end and reported
                int take = (int) Math.max(0, Math.min(n, limits.maxMessageBytes() - blockBytes));
                if (take > 0 && !block.append(in, in.readerIndex(), take)) {
                    refuse(ctx, MllpRefusals.Reason.BUFFER_BUDGET, "block refused: the MLLP buffer budget"
                            + " (radbridge.mllp.max-buffered-bytes=" + limits.budget().max() + ") is used up, closing the connection");
                    in.skipBytes(in.readableBytes());
                    return;
                }
                blockBytes += n;
                in.skipBytes(n);
            }
            if (waitForMore) {
                // at most a VT and a few bytes: kept here (not in the channel's buffer) until more arrive
                undecided = new byte[in.readableBytes()];
                in.readBytes(undecided);
                return;
            }
            if (vt >= 0) {
                endIncomplete(ctx, out); // the VT stays: the next pass starts the new block with it
            } else if (fs >= 0) {
                in.skipBytes(1);
                swallowCr = true;
                out.add(finish(ctx, false));
            }
        }
    }

    private static final ByteProcessor NOT_VT_OR_FS = b -> b != VT && b != FS;

    /** At most this many CR/LF between a start block and the segment name of a new message. */
    private static final int MAX_BLANK_BEFORE_SEGMENT = 4;

    /**
     * Whether the bytes from {@code from} (just after a VT inside an open block) begin a new message: 1 if they
     * are (after an optional UTF-8 byte-order mark and at most a few CR/LF) {@code MSH}, {@code FHS} or {@code BHS}; 0 if they are anything else (the
     * VT is then data, as in real messages that end in "\r\v\r\r"); -1 if the bytes up to {@code to} are too
     * few to tell.
     */
    static int startsMessage(ByteBuf in, int from, int to) {
        int i = from;
        if (i < to && in.getByte(i) == (byte) 0xEF) { // a UTF-8 byte-order mark before the segment name
            for (int j = 1; j < 3; j++) {
                if (i + j >= to) {
                    return to < in.writerIndex() ? 0 : -1;
                }
                if (in.getByte(i + j) != (j == 1 ? (byte) 0xBB : (byte) 0xBF)) {
                    return 0;
                }
            }
            i += 3;
        }
        int blanks = 0;
        while (i < to && (in.getByte(i) == CR || in.getByte(i) == '\n')) {
            if (++blanks > MAX_BLANK_BEFORE_SEGMENT) {
                return 0;
            }
            i++;
        }
        byte[] name = new byte[3];
        int k = 0;
        for (; k < 3 && i + k < to; k++) {
            name[k] = in.getByte(i + k);
            if (!prefixOfASegmentThatStartsAMessage(name, k + 1)) {
                return 0;
            }
        }
        return k == 3 ? 1 : to < in.writerIndex() ? 0 : -1;
    }

    private static boolean prefixOfASegmentThatStartsAMessage(byte[] name, int n) {
        for (String id : new String[] {"MSH", "FHS", "BHS"}) {
            boolean match = true;
            for (int j = 0; j < n && match; j++) {
                match = name[j] == id.charAt(j);
            }
            if (match) {
                return true;
            }
        }
        return false;
    }

    private void startBlock(ChannelHandlerContext ctx) {
        block = new MllpBlockBuffer(limits.budget());
        blockBytes = 0;
        if (limits.deadlineMillis() > 0) {
            MllpBlockBuffer started = block;
            deadline = ctx.executor().schedule(() -> {
                if (block == started && !closing) {
                    refuse(ctx, MllpRefusals.Reason.MESSAGE_DEADLINE, "block not complete within the message deadline ("
                            + limits.deadlineMillis() / 1000 + " s, radbridge.mllp.message-deadline-seconds), closing the connection");
                }
            }, limits.deadlineMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private MllpFrame finish(ChannelHandlerContext ctx, boolean incomplete) {
        cancelDeadline();
        byte[] payload = block.toByteArray();
        block = null;
        boolean oversize = blockBytes > limits.maxMessageBytes();
        MllpBudget budget = limits.budget();
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                budget.release(payload.length);
            }
        };
        return new MllpFrame(payload, blockBytes, oversize, incomplete, String.valueOf(ctx.channel().remoteAddress()),
                channel, tlsIdentity(ctx), release);
    }

    /**
     * A start block arrived inside an open block: the fragment received so far is passed on as incomplete
     * when its MSH-10 can be read (it is journaled and answered AR under that control id); otherwise nothing
     * identifies it, so it is dropped, counted and logged (once per interval).
     */
    private void endIncomplete(ChannelHandlerContext ctx, List<Object> out) {
        if (controlId(block) != null) {
            out.add(finish(ctx, true));
            limits.refusals().record(channel, MllpRefusals.Reason.INCOMPLETE_BLOCK, ctx.channel().remoteAddress(),
                    "a start block arrived inside an open block: the incomplete message is refused (AR)");
            return;
        }
        cancelDeadline();
        block.discard();
        block = null;
        limits.refusals().record(channel, MllpRefusals.Reason.INCOMPLETE_BLOCK, ctx.channel().remoteAddress(),
                "a start block arrived inside an open block: the incomplete fragment (no readable MSH-10) is dropped");
    }

    private static String controlId(MllpBlockBuffer b) {
        byte[] head = b.peek(4096);
        return controlId(head, head.length);
    }

    /**
     * MSH-10 of a block's first bytes, or null when the bytes do not start with an MSH segment or end before
     * MSH-10 is complete (terminated by the next field separator or the segment's end).
     */
    static String controlId(byte[] p, int len) {
        int i = 0;
        while (i < len && (p[i] == '\r' || p[i] == '\n')) {
            i++;
        }
        if (len - i < 4 || p[i] != 'M' || p[i + 1] != 'S' || p[i + 2] != 'H') {
            return null;
        }
        byte sep = p[i + 3];
        int field = 1; // the separator itself is MSH-1
        int start = -1;
        for (int j = i + 3; j < len; j++) {
            byte c = p[j];
            if (c == '\r' || c == '\n') {
                return field == 10 ? nonBlank(p, start, j) : null;
            }
            if (c == sep) {
                field++;
                if (field == 10) {
                    start = j + 1;
                } else if (field == 11) {
                    return nonBlank(p, start, j);
                }
            }
        }
        return null;
    }

    private static String nonBlank(byte[] p, int from, int to) {
        String s = new String(p, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1).strip();
        return s.isEmpty() ? null : s;
    }

    private void refuse(ChannelHandlerContext ctx, MllpRefusals.Reason reason, String what) {
        limits.refusals().record(channel, reason, ctx.channel().remoteAddress(), what);
        discardBlock();
        closing = true;
        ctx.close();
    }

    private void discardBlock() {
        cancelDeadline();
        if (block != null) {
            block.discard();
            block = null;
        }
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        super.channelInactive(ctx);
        discardBlock();
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        discardBlock();
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
                discardBlock();
                closing = true;
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
