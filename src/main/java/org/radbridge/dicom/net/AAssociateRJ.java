package org.radbridge.dicom.net;

/**
 * A-ASSOCIATE-RJ (PS3.8 9.3.4): result, source and reason of a rejected association.
 */
public record AAssociateRJ(int result, int source, int reason) {

    public static final int RESULT_PERMANENT = 1;
    public static final int RESULT_TRANSIENT = 2;

    public static final int SOURCE_SERVICE_USER = 1;
    public static final int SOURCE_SERVICE_PROVIDER_ACSE = 2;
    public static final int SOURCE_SERVICE_PROVIDER_PRESENTATION = 3;

    /** Reasons for source 1 (service-user). */
    public static final int REASON_NO_REASON_GIVEN = 1;
    public static final int REASON_APP_CTX_NAME_NOT_SUPPORTED = 2;
    public static final int REASON_CALLING_AET_NOT_RECOGNIZED = 3;
    public static final int REASON_CALLED_AET_NOT_RECOGNIZED = 7;
    /** Reason for source 2 (service-provider, ACSE). */
    public static final int REASON_PROTOCOL_VERSION_NOT_SUPPORTED = 2;
    /** Reasons for source 3 (service-provider, presentation). */
    public static final int REASON_TEMPORARY_CONGESTION = 1;
    public static final int REASON_LOCAL_LIMIT_EXCEEDED = 2;

    /** Permanent rejection by the service-user: calling AE title not recognized. */
    public static AAssociateRJ callingAeNotRecognized() {
        return new AAssociateRJ(RESULT_PERMANENT, SOURCE_SERVICE_USER, REASON_CALLING_AET_NOT_RECOGNIZED);
    }

    /** Permanent rejection by the service-user: called AE title not recognized. */
    public static AAssociateRJ calledAeNotRecognized() {
        return new AAssociateRJ(RESULT_PERMANENT, SOURCE_SERVICE_USER, REASON_CALLED_AET_NOT_RECOGNIZED);
    }

    /** Permanent rejection by the service-user, no reason given. */
    public static AAssociateRJ noReasonGiven() {
        return new AAssociateRJ(RESULT_PERMANENT, SOURCE_SERVICE_USER, REASON_NO_REASON_GIVEN);
    }

    /** Transient rejection by the presentation service-provider: local limit exceeded. */
    public static AAssociateRJ localLimitExceeded() {
        return new AAssociateRJ(RESULT_TRANSIENT, SOURCE_SERVICE_PROVIDER_PRESENTATION, REASON_LOCAL_LIMIT_EXCEEDED);
    }

    @Override
    public String toString() {
        return "A-ASSOCIATE-RJ[result=" + (result == RESULT_PERMANENT ? "rejected-permanent" : "rejected-transient")
                + ", source=" + source + ", reason=" + reason + "]";
    }
}
