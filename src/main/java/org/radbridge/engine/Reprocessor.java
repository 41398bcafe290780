package org.radbridge.engine;

/** Runs a stored message through its flows again (implemented over the "reprocess" route). */
@FunctionalInterface
public interface Reprocessor {

    /** Returns a short description of what happened; throws on refusal. */
    String reprocess(long messageId, boolean force, String principal) throws Exception;
}
