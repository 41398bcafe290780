package org.radbridge.intake;

/**
 * One MLLP block as received (HL7 v2 MLLP, Release 2: VT payload FS CR), with where it came from.
 *
 * @param payload the bytes between start and end block (the first bytes only when {@code oversize})
 * @param receivedBytes how many payload bytes were received in total
 * @param oversize the block exceeded radbridge.mllp.max-message-bytes
 * @param channel "mllp" or "mllp-tls"
 * @param tlsIdentity the client certificate subject on a TLS connection with client authentication
 */
public record MllpFrame(byte[] payload, long receivedBytes, boolean oversize, String remoteAddress, String channel,
        String tlsIdentity) {
}
