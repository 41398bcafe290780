package org.radbridge.intake;

import java.util.Arrays;

/**
 * How a failure is logged at the intake boundary: once, with a bounded stack trace and without the
 * exception messages (they may quote message content, i.e. PHI). A StackOverflowError alone would print
 * 1,024 frames; here each throwable of the cause chain keeps at most {@link #MAX_FRAMES} frames.
 */
public final class Throwables {

    static final int MAX_FRAMES = 30;
    private static final int MAX_CAUSES = 8;

    private Throwables() {
    }

    /** The exception types of the cause chain, outermost first: "CamelExecutionException <- StackOverflowError". */
    public static String brief(Throwable e) {
        if (e == null) {
            return "?";
        }
        StringBuilder sb = new StringBuilder();
        Throwable c = e;
        for (int i = 0; c != null && i < MAX_CAUSES; i++, c = c.getCause()) {
            if (i > 0) {
                sb.append(" <- ");
            }
            sb.append(c.getClass().getSimpleName());
        }
        return sb.toString();
    }

    /** A copy of the chain for the log: class names instead of messages, at most {@link #MAX_FRAMES} frames each. */
    public static Throwable trimmed(Throwable e) {
        return e == null ? null : copy(e, 0);
    }

    private static Throwable copy(Throwable e, int depth) {
        Throwable cause = e.getCause() != null && e.getCause() != e && depth + 1 < MAX_CAUSES ? copy(e.getCause(), depth + 1) : null;
        Logged l = new Logged(e.getClass().getName(), cause);
        StackTraceElement[] st = e.getStackTrace();
        l.setStackTrace(st.length <= MAX_FRAMES ? st : Arrays.copyOf(st, MAX_FRAMES));
        return l;
    }

    /** Stands for a logged throwable: its class name, its (bounded) frames, its cause. */
    static final class Logged extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Logged(String type, Throwable cause) {
            super(type, cause, false, true);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
