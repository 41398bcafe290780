package org.radbridge.api;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.function.BiConsumer;
import org.eclipse.jetty.io.Content;

/**
 * Reads a request body without blocking a thread (Jetty's read/demand loop), up to a limit: more bytes than the
 * limit end the read with {@link TooLarge} at once (answered 413, RFC 9110 §15.5.14) instead of being cut or
 * buffered. {@code done} gets the whole body or the failure, exactly once.
 */
final class BodyReader implements Runnable {

    /** The body exceeds the limit. */
    static final class TooLarge extends Exception {
        private static final long serialVersionUID = 1L;

        TooLarge(int limit) {
            super("more than " + limit + " bytes", null, false, false);
        }
    }

    private final Content.Source source;
    private final int limit;
    private final BiConsumer<byte[], Throwable> done;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    private BodyReader(Content.Source source, int limit, BiConsumer<byte[], Throwable> done) {
        this.source = source;
        this.limit = limit;
        this.done = done;
    }

    static void read(Content.Source source, int limit, BiConsumer<byte[], Throwable> done) {
        new BodyReader(source, limit, done).run();
    }

    /**
     * After the answer is sent: reads and drops what is left of the body, up to {@code cap} bytes, then runs
     * {@code then}. A peer still sending when the answer is early (401, 413) otherwise has the connection closed with
     * unread bytes in it, which resets it (RFC 9112 §9.6) and can destroy the answer before the peer reads it.
     */
    static void discard(Content.Source source, long cap, Runnable then) {
        new Runnable() {
            long dropped;

            @Override
            public void run() {
                while (true) {
                    Content.Chunk chunk;
                    try {
                        chunk = source.read();
                    } catch (Throwable t) {
                        then.run();
                        return;
                    }
                    if (chunk == null) {
                        source.demand(this);
                        return;
                    }
                    if (Content.Chunk.isFailure(chunk)) {
                        then.run();
                        return;
                    }
                    dropped += chunk.remaining();
                    boolean last = chunk.isLast();
                    chunk.release();
                    if (last || dropped > cap) {
                        then.run();
                        return;
                    }
                }
            }
        }.run();
    }

    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk;
            try {
                chunk = source.read();
            } catch (Throwable t) {
                done.accept(null, t);
                return;
            }
            if (chunk == null) {
                source.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                done.accept(null, chunk.getFailure());
                return;
            }
            ByteBuffer b = chunk.getByteBuffer();
            int n = b.remaining();
            if (body.size() + (long) n > limit) {
                chunk.release();
                done.accept(null, new TooLarge(limit));
                return;
            }
            byte[] copy = new byte[n];
            b.get(copy);
            body.write(copy, 0, n);
            boolean last = chunk.isLast();
            chunk.release();
            if (last) {
                done.accept(body.toByteArray(), null);
                return;
            }
        }
    }
}
