package org.radbridge.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Typed factories for the audit records of design.md §6, one per event kind, so that every writer of a
 * kind fills the same fields (docs/security.md, "Audit record content"). The detail is JSON with the
 * fields named here; it never carries message payloads, removed values or secrets. The DICOM PS3.15 A.5.3
 * event each kind maps to (for the ATNA export) is named on each factory.
 */
public final class AuditEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The principal of records the engine writes on its own behalf. */
    public static final String SYSTEM = "radbridge";

    /** Security alert kinds (the "alert" field of a SECURITY_ALERT record). */
    public static final String MISSING_TOKEN = "missing-token";
    public static final String INVALID_TOKEN = "invalid-token";
    public static final String ROLE_REFUSED = "role-refused";
    public static final String TLS_HANDSHAKE_FAILED = "tls-handshake-failed";
    public static final String UNKNOWN_PEER_REFUSED = "unknown-peer-refused";
    public static final String UNVERIFIED_PEER_ACCEPTED = "unverified-peer-accepted";
    public static final String SERVICE_REFUSED = "service-refused";
    public static final String AUDIT_CHAIN_BROKEN = "audit-chain-broken";

    private AuditEvents() {
    }

    /**
     * Receipt of an HL7 message (DCM 110107 Import; patient/order data). {@code accepted} false for a
     * message journaled as refused (AE/AR).
     */
    public static AuditEvent receipt(String sender, String address, String patientKey, long journalId, String messageType,
            String controlId, String ackCode) {
        return new AuditEvent(AuditEvent.RECEIPT, "AA".equals(ackCode) ? AuditEvent.SUCCESS : AuditEvent.MINOR_FAILURE, sender,
                address, patientKey, "hl7-message", String.valueOf(journalId),
                json(fields("messageType", messageType, "controlId", controlId, "ack", ackCode)));
    }

    /** Attempt to transmit an outbox entry, written in the claim transaction (before the send). */
    public static AuditEvent transmissionAttempt(String destination, String kind, long entryId, Long messageId, String controlId,
            String patientKey, int attempt) {
        return new AuditEvent(AuditEvent.TRANSMISSION_ATTEMPT, AuditEvent.SUCCESS, SYSTEM, null, patientKey, "outbox-entry",
                String.valueOf(entryId), json(fields("destination", destination, "kind", kind, "messageId", messageId,
                        "controlId", controlId, "attempt", attempt)));
    }

    /**
     * Outcome of a transmission (DCM 110106 Export): a SUCCESS record is the disclosure (HIPAA 164.528:
     * recipient = destination, description = kind, the journal message it came from).
     */
    public static AuditEvent transmissionOutcome(String destination, String kind, long entryId, Long messageId,
            String controlId, String patientKey, int attempt, String result, boolean delivered, boolean retryable) {
        String outcome = delivered ? AuditEvent.SUCCESS : retryable ? AuditEvent.MINOR_FAILURE : AuditEvent.SERIOUS_FAILURE;
        return new AuditEvent(AuditEvent.TRANSMISSION_OUTCOME, outcome, SYSTEM, null, patientKey, "outbox-entry",
                String.valueOf(entryId), json(fields("destination", destination, "kind", kind, "messageId", messageId,
                        "controlId", controlId, "attempt", attempt, "outcome", result)));
    }

    /**
     * A de-identification (DCM 110106 Export with data life cycle 7): the profile, its legal basis, the key
     * id (never the key), and how many times each action was applied — never the removed values.
     */
    public static AuditEvent deidentification(String principal, String target, String patientKey, String objectType,
            String objectId, String profile, String legalBasis, String keyId, Map<String, ? extends Number> actionCounts) {
        return new AuditEvent(AuditEvent.DEIDENTIFICATION, AuditEvent.SUCCESS, principal == null ? SYSTEM : principal, target,
                patientKey, objectType, objectId, json(fields("profile", profile, "legalBasis", legalBasis, "keyId", keyId,
                        "counts", actionCounts == null ? Map.of() : actionCounts)));
    }

    /**
     * A worklist query (DCM 110112 Query): the calling AE, its address, the called AE, the matching keys
     * given ({@code {"Keyword": "value"}}), the number of matches, and whether the limit cut it short.
     */
    public static AuditEvent query(String callingAe, String address, String calledAe, Map<String, String> keys, int matches,
            boolean limitExceeded) {
        return new AuditEvent(AuditEvent.QUERY, limitExceeded ? AuditEvent.MINOR_FAILURE : AuditEvent.SUCCESS, callingAe, address,
                keys == null ? null : keys.get("PatientID"), "mwl-c-find", calledAe,
                json(fields("keys", keys == null ? Map.of() : keys, "matches", matches, "limitExceeded", limitExceeded ? true : null)));
    }

    /** An authenticated API call with its answer (the principal; the patient asked for, if any). */
    public static AuditEvent apiAccess(String principal, String remote, String method, String path, int status, String patientId) {
        return new AuditEvent(AuditEvent.API_ACCESS, status < 400 ? AuditEvent.SUCCESS : AuditEvent.MINOR_FAILURE, principal, remote,
                patientId, "api", method + " " + path, json(fields("status", status)));
    }

    /** An operator action (reprocess, retry, skip, redeliver, pause, resume, worklist status change). */
    public static AuditEvent operatorAction(String principal, String remote, String objectType, String objectId, String action,
            boolean success, Map<String, ?> detail) {
        Map<String, Object> f = fields("action", action);
        if (detail != null) {
            detail.forEach((k, v) -> {
                if (v != null) {
                    f.put(k, v);
                }
            });
        }
        return new AuditEvent(AuditEvent.OPERATOR_ACTION, success ? AuditEvent.SUCCESS : AuditEvent.MINOR_FAILURE, principal, remote,
                null, objectType, objectId, json(f));
    }

    /**
     * A security failure (DCM 110113 Security Alert): {@code alert} is one of the kinds above,
     * {@code principal} who it was (an API principal, a sender, a calling AE) or null when unknown.
     * {@code refused} false for something accepted with a warning (peers not enforced).
     */
    public static AuditEvent securityAlert(String alert, String principal, String address, String objectType, String objectId,
            boolean refused, String reason, Map<String, ?> detail) {
        Map<String, Object> f = fields("alert", alert, "refused", refused, "reason", reason);
        if (detail != null) {
            detail.forEach((k, v) -> {
                if (v != null) {
                    f.put(k, v);
                }
            });
        }
        return new AuditEvent(AuditEvent.SECURITY_ALERT, refused ? AuditEvent.MINOR_FAILURE : AuditEvent.SUCCESS, principal, address,
                null, objectType, objectId, json(f));
    }

    /** Engine start or stop (DCM 110100 Application Activity). */
    public static AuditEvent applicationActivity(String instanceId, String event) {
        return new AuditEvent(AuditEvent.APPLICATION_ACTIVITY, AuditEvent.SUCCESS, SYSTEM, instanceId, null, "engine", instanceId,
                json(fields("event", event)));
    }

    /**
     * An operational alert fired or resolved (docs/alerts.md): outcome by severity while it fires (critical = serious
     * failure, warning = minor failure, info = success), success when it resolves; no patient data.
     */
    public static AuditEvent alert(String instanceId, String event, String rule, String kind, String severity, String subject,
            String detail, long since) {
        String outcome = "resolve".equals(event) ? AuditEvent.SUCCESS
                : "critical".equals(severity) ? AuditEvent.SERIOUS_FAILURE : "warning".equals(severity) ? AuditEvent.MINOR_FAILURE
                : AuditEvent.SUCCESS;
        return new AuditEvent(AuditEvent.ALERT, outcome, SYSTEM, instanceId, null, "alert", rule + "/" + subject,
                json(fields("event", event, "rule", rule, "kind", kind, "severity", severity, "subject", subject, "detail", detail,
                        "since", java.time.Instant.ofEpochMilli(since).toString())));
    }

    /** Records up to {@code throughSeq} purged at a signed checkpoint (whose head hash is given). */
    public static AuditEvent purge(String instanceId, long throughSeq, String throughHash, long count) {
        return new AuditEvent(AuditEvent.AUDIT_PURGE, AuditEvent.SUCCESS, SYSTEM, instanceId, null, "audit-trail",
                String.valueOf(throughSeq), json(fields("through", throughSeq, "hash", throughHash, "purged", count)));
    }

    /** Alternating names and values; null values are left out. */
    public static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                m.put(String.valueOf(kv[i]), kv[i + 1]);
            }
        }
        return m;
    }

    public static String json(Map<String, ?> m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit detail not serializable: " + e.getOriginalMessage(), e);
        }
    }
}
