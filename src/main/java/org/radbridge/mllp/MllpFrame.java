package org.radbridge.mllp;

/**
 * One MLLP block as received (HL7 v2 MLLP, Release 2: VT payload FS CR), with where it came from.
 *
 * @param payload the bytes between start and end block (the first bytes only when {@code oversize})
 * @param receivedBytes how many payload bytes were received in total
 * @param oversize the block exceeded radbridge.mllp.max-message-bytes
 * @param incomplete a new start block arrived before this block's end block: the payload is the fragment
 *        received until then (refused AR, docs/acknowledgements.md)
 * @param channel "mllp" or "mllp-tls"
 * @param tlsIdentity the client certificate subject on a TLS connection with client authentication
 * @param onAnswered releases the payload's share of radbridge.mllp.max-buffered-bytes (idempotent; may be null)
 */
public record MllpFrame(byte[] payload, long receivedBytes, boolean oversize, boolean incomplete, String remoteAddress,
        String channel, String tlsIdentity, Runnable onAnswered) {

    public MllpFrame(byte[] payload, long receivedBytes, boolean oversize, String remoteAddress, String channel,
            String tlsIdentity) {
        this(payload, receivedBytes, oversize, false, remoteAddress, channel, tlsIdentity, null);
    }

    /** The block has been answered (or given up): its bytes no longer count against the budget. */
    public void answered() {
        if (onAnswered != null) {
            onAnswered.run();
        }
    }
}
