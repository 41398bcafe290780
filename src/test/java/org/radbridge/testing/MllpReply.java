package org.radbridge.testing;

/** What a {@link MllpReceiver} answers to one message (its script). */
public record MllpReply(String kind, String code, String errorCode, long delayMillis, boolean process) {

    public static MllpReply aa() {
        return new MllpReply("ack", "AA", null, 0, true);
    }

    /** AE with an HL7 table 0357 code in ERR (may be null); the message is not processed. */
    public static MllpReply ae(String errorCode) {
        return new MllpReply("ack", "AE", errorCode, 0, false);
    }

    public static MllpReply ar(String errorCode) {
        return new MllpReply("ack", "AR", errorCode, 0, false);
    }

    /** Processes, waits, then answers AA (an ACK later than the sender's timeout is a lost ACK). */
    public static MllpReply delayed(long millis) {
        return new MllpReply("ack", "AA", null, millis, true);
    }

    /** Processes the message, then closes the connection without an answer: the ACK is lost. */
    public static MllpReply processThenClose() {
        return new MllpReply("close", null, null, 0, true);
    }

    /** Closes the connection without processing or answering. */
    public static MllpReply close() {
        return new MllpReply("close", null, null, 0, false);
    }

    /** Processes and answers AA, but with MSA-2 naming another control id. */
    public static MllpReply wrongControlId() {
        return new MllpReply("wrong-id", "AA", null, 0, true);
    }

    /** Reads the message and never answers (the connection stays open). */
    public static MllpReply silent() {
        return new MllpReply("silent", null, null, 0, false);
    }

    /** Processes and answers AA without the MLLP start and end bytes. */
    public static MllpReply unframed() {
        return new MllpReply("unframed", "AA", null, 0, true);
    }
}
