package org.radbridge.store;

/** One journal entry as stored (messages table). */
public record JournalRow(long id, long receivedAt, String channel, String remoteAddress, String sender,
        String controlId, String messageType, String version, String processingId, String charset,
        String ackMode, String flows, String state, String ackCode, String ackText, Integer errorCode,
        String errorText, String contentHash, boolean collision, Long duplicateOf, String patientKey,
        String accession, String orderKey, byte[] raw, int rawSize, Long processedAt, String patientName) {

    /** An entry without a patient name (MPPS, study available: the name is not searched there). */
    public JournalRow(long id, long receivedAt, String channel, String remoteAddress, String sender,
            String controlId, String messageType, String version, String processingId, String charset,
            String ackMode, String flows, String state, String ackCode, String ackText, Integer errorCode,
            String errorText, String contentHash, boolean collision, Long duplicateOf, String patientKey,
            String accession, String orderKey, byte[] raw, int rawSize, Long processedAt) {
        this(id, receivedAt, channel, remoteAddress, sender, controlId, messageType, version, processingId, charset,
                ackMode, flows, state, ackCode, ackText, errorCode, errorText, contentHash, collision, duplicateOf,
                patientKey, accession, orderKey, raw, rawSize, processedAt, null);
    }

    public JournalRow withId(long newId) {
        return new JournalRow(newId, receivedAt, channel, remoteAddress, sender, controlId, messageType, version,
                processingId, charset, ackMode, flows, state, ackCode, ackText, errorCode, errorText, contentHash,
                collision, duplicateOf, patientKey, accession, orderKey, raw, rawSize, processedAt, patientName);
    }
}
