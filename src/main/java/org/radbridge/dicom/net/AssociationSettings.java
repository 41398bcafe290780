package org.radbridge.dicom.net;

import org.radbridge.dicom.Implementation;

/**
 * Timeouts and limits of an association (either role), PS3.8 9.1.5 (ARTIM) and 9.3 (PDU lengths).
 * Fluent setters; all times in milliseconds, 0 disables a timeout.
 */
public final class AssociationSettings {

    private int connectTimeout = 10_000;
    private int artimTimeout = 10_000;
    private int idleTimeout = 60_000;
    private int responseTimeout = 60_000;
    private int maxPduLengthReceive = 16_384;
    private int maxPduLengthSendCap = 1 << 20;
    private int maxMessageBytes = 16 << 20;
    private DimseBufferBudget bufferBudget = DimseBufferBudget.UNLIMITED;
    private boolean tcpNoDelay = true;
    private boolean logPayload;
    private String implementationClassUid = Implementation.CLASS_UID;
    private String implementationVersionName = Implementation.VERSION_NAME;

    public AssociationSettings copy() {
        AssociationSettings s = new AssociationSettings();
        s.connectTimeout = connectTimeout;
        s.artimTimeout = artimTimeout;
        s.idleTimeout = idleTimeout;
        s.responseTimeout = responseTimeout;
        s.maxPduLengthReceive = maxPduLengthReceive;
        s.maxPduLengthSendCap = maxPduLengthSendCap;
        s.maxMessageBytes = maxMessageBytes;
        s.bufferBudget = bufferBudget;
        s.tcpNoDelay = tcpNoDelay;
        s.logPayload = logPayload;
        s.implementationClassUid = implementationClassUid;
        s.implementationVersionName = implementationVersionName;
        return s;
    }

    /** TCP connect timeout of the requestor. */
    public int connectTimeout() {
        return connectTimeout;
    }

    public AssociationSettings connectTimeout(int ms) {
        this.connectTimeout = ms;
        return this;
    }

    /**
     * ARTIM (PS3.8 9.1.5): how long the acceptor waits for the A-ASSOCIATE-RQ after the connection
     * opens, the requestor for the A-ASSOCIATE-AC/RJ, either side for the A-RELEASE-RP, and for the
     * peer to close the connection after a rejection, release or abort.
     */
    public int artimTimeout() {
        return artimTimeout;
    }

    public AssociationSettings artimTimeout(int ms) {
        this.artimTimeout = ms;
        return this;
    }

    /** An established association with no PDU received and no operation outstanding for this long is aborted. */
    public int idleTimeout() {
        return idleTimeout;
    }

    public AssociationSettings idleTimeout(int ms) {
        this.idleTimeout = ms;
        return this;
    }

    /** How long an SCU waits for each DIMSE response (each pending C-FIND response restarts it). */
    public int responseTimeout() {
        return responseTimeout;
    }

    public AssociationSettings responseTimeout(int ms) {
        this.responseTimeout = ms;
        return this;
    }

    /** Maximum Length announced in the user information (PS3.8 D.1): largest P-DATA-TF accepted. */
    public int maxPduLengthReceive() {
        return maxPduLengthReceive;
    }

    public AssociationSettings maxPduLengthReceive(int bytes) {
        this.maxPduLengthReceive = bytes;
        return this;
    }

    /** Largest P-DATA-TF sent when the peer announces no limit (0). */
    public int maxPduLengthSendCap() {
        return maxPduLengthSendCap;
    }

    public AssociationSettings maxPduLengthSendCap(int bytes) {
        this.maxPduLengthSendCap = bytes;
        return this;
    }

    /**
     * Largest command plus data set accepted in one DIMSE message (default 16 MiB); a larger one aborts the association
     * (A-ABORT service-provider, reason-not-specified, PS3.8 9.3.8) as soon as its fragments pass the limit.
     */
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public AssociationSettings maxMessageBytes(int bytes) {
        this.maxMessageBytes = bytes;
        return this;
    }

    /**
     * The budget of bytes buffered for DIMSE reassembly, shared by every association made with these settings (and
     * their copies); over it the association receiving is aborted. Default: unbounded (only the per-message limit).
     */
    public DimseBufferBudget bufferBudget() {
        return bufferBudget;
    }

    public AssociationSettings bufferBudget(DimseBufferBudget budget) {
        this.bufferBudget = java.util.Objects.requireNonNull(budget);
        return this;
    }

    public boolean tcpNoDelay() {
        return tcpNoDelay;
    }

    public AssociationSettings tcpNoDelay(boolean on) {
        this.tcpNoDelay = on;
        return this;
    }

    /** Debug switch: log DIMSE data sets (PHI!) at DEBUG. Off by default. */
    public boolean logPayload() {
        return logPayload;
    }

    public AssociationSettings logPayload(boolean on) {
        this.logPayload = on;
        return this;
    }

    public String implementationClassUid() {
        return implementationClassUid;
    }

    public String implementationVersionName() {
        return implementationVersionName;
    }

    public AssociationSettings implementation(String classUid, String versionName) {
        this.implementationClassUid = classUid;
        this.implementationVersionName = versionName;
        return this;
    }
}
