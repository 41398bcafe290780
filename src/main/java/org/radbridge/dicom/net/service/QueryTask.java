package org.radbridge.dicom.net.service;

import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.TransferSyntax;
import org.radbridge.dicom.io.DicomWriter;
import org.radbridge.dicom.net.DicomServiceException;

/**
 * The matches of one C-FIND request, produced one at a time (the shape of dcm4che's QueryTask): the
 * {@link BasicCFindScp} sends one pending response per match until {@link #hasMoreMatches()} is false
 * or a C-CANCEL-RQ arrives.
 */
public interface QueryTask extends AutoCloseable {

    /** True if {@link #nextMatch()} has another match. */
    boolean hasMoreMatches() throws DicomServiceException;

    /** The next match, already reduced to the requested return keys; null skips it. */
    Attributes nextMatch() throws DicomServiceException;

    /**
     * The next match as the {@link BasicCFindScp} sends it: {@link #nextMatch()} encoded in the presentation context's
     * transfer syntax; null skips it. A task that keeps its answers encoded (e.g. per stored item and request shape)
     * returns them here without decoding and encoding again; the bytes must be what encoding {@link #nextMatch()} gives.
     */
    default byte[] nextMatchEncoded(TransferSyntax ts) throws DicomServiceException {
        Attributes m = nextMatch();
        return m == null ? null : new DicomWriter(ts).encode(m);
    }

    /**
     * True if the next match is at hand without waiting (e.g. already loaded): the SCP may then keep the pending
     * response just written in the send buffer and send several at once. The default, false, sends each at once.
     */
    default boolean nextMatchReady() {
        return false;
    }

    /** True if the SCP ignored optional matching keys: pending responses then carry FF01 (PS3.4 C.4.1.1.4). */
    default boolean optionalKeysNotSupported() {
        return false;
    }

    /** A C-CANCEL-RQ arrived (called on the association's reader thread; may interrupt a slow query). */
    default void cancel() {
    }

    /** Releases resources (always called, after the final response). */
    @Override
    default void close() {
    }
}
