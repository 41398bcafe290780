package org.radbridge.audit;

/**
 * One audit record (design.md §6; fields after DICOM PS3.15 A.5 / RFC 3881): what happened
 * ({@code type}, with an outcome), who did it ({@code principal}: an API principal, a sending system or a
 * calling AE), from where, about which patient and which object, and details as JSON. Never holds removed
 * de-identified values or message payloads. Build them with {@link AuditEvents}, which fixes the detail
 * fields of each type (docs/security.md).
 */
public record AuditEvent(String type, String outcome, String principal, String source, String patientKey,
        String objectType, String objectId, String detail) {

    /** Event types. */
    public static final String RECEIPT = "RECEIPT";
    public static final String TRANSMISSION_ATTEMPT = "TRANSMISSION_ATTEMPT";
    public static final String TRANSMISSION_OUTCOME = "TRANSMISSION_OUTCOME";
    public static final String DEIDENTIFICATION = "DEIDENTIFICATION";
    public static final String QUERY = "QUERY";
    public static final String API_ACCESS = "API_ACCESS";
    public static final String OPERATOR_ACTION = "OPERATOR_ACTION";
    public static final String SECURITY_ALERT = "SECURITY_ALERT";
    public static final String APPLICATION_ACTIVITY = "APPLICATION_ACTIVITY";
    /** Records up to a checkpoint were purged (retention); the record names the checkpoint (seq, hash). */
    public static final String AUDIT_PURGE = "AUDIT_PURGE";
    /** An operational alert fired or resolved (org.radbridge.alert, docs/alerts.md); detail names rule, subject, event. */
    public static final String ALERT = "ALERT";

    /** Outcomes (PS3.15 A.5 EventOutcomeIndicator: 0 success, 4 minor, 8 serious, 12 major failure). */
    public static final String SUCCESS = "SUCCESS";
    public static final String MINOR_FAILURE = "MINOR_FAILURE";
    public static final String SERIOUS_FAILURE = "SERIOUS_FAILURE";
    public static final String MAJOR_FAILURE = "MAJOR_FAILURE";
}
