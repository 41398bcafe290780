package org.radbridge.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.openehealth.ipf.commons.audit.AuditContext;
import org.openehealth.ipf.commons.audit.codes.EventActionCode;
import org.openehealth.ipf.commons.audit.codes.EventIdCode;
import org.openehealth.ipf.commons.audit.codes.EventOutcomeIndicator;
import org.openehealth.ipf.commons.audit.codes.EventTypeCode;
import org.openehealth.ipf.commons.audit.codes.ParticipantObjectDataLifeCycle;
import org.openehealth.ipf.commons.audit.codes.ParticipantObjectIdTypeCode;
import org.openehealth.ipf.commons.audit.codes.ParticipantObjectTypeCode;
import org.openehealth.ipf.commons.audit.codes.ParticipantObjectTypeCodeRole;
import org.openehealth.ipf.commons.audit.event.BaseAuditMessageBuilder;
import org.openehealth.ipf.commons.audit.event.CustomAuditMessageBuilder;
import org.openehealth.ipf.commons.audit.event.DataExportBuilder;
import org.openehealth.ipf.commons.audit.event.DataImportBuilder;
import org.openehealth.ipf.commons.audit.event.QueryBuilder;
import org.openehealth.ipf.commons.audit.event.SecurityAlertBuilder;
import org.openehealth.ipf.commons.audit.model.AuditMessage;
import org.openehealth.ipf.commons.audit.model.TypeValuePairType;
import org.openehealth.ipf.commons.audit.types.EventType;
import org.openehealth.ipf.commons.audit.types.ParticipantObjectIdType;

/**
 * An audit record as an IHE ATNA message (DICOM PS3.15 A.5, built with IPF's event builders): RECEIPT ->
 * 110107 Import; TRANSMISSION_OUTCOME -> 110106 Export (the patient with life cycle 11 Disclosure);
 * DEIDENTIFICATION -> 110106 Export (life cycle 7 De-identification, profile / legal basis / key id as
 * details); QUERY -> 110112 Query (the MWL SOP class, the keys as the base64 query); SECURITY_ALERT -> 110113
 * Security Alert; APPLICATION_ACTIVITY -> 110100 Application Activity (start / stop); API_ACCESS -> 110101
 * Audit Log Used for /api/audit, else 110110 Patient Record; OPERATOR_ACTION -> 110100 with the action as
 * event type; AUDIT_PURGE -> 110101 Audit Log Used (Delete). TRANSMISSION_ATTEMPT is not exported (its
 * outcome is). Every message carries the record's seq and hash as details, so a repository's copy can be
 * matched with the chain.
 */
public final class AtnaMessages {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String MWL_FIND = "1.2.840.10008.5.1.4.31";

    private final AuditContext context;
    private final String application;

    public AtnaMessages(AuditContext context, String application) {
        this.context = context;
        this.application = application;
    }

    /** The ATNA message for a record, or null for a kind that is not exported. */
    public AuditMessage toAtna(JdbcAuditTrail.Stored s) {
        AuditEvent e = s.event();
        EventOutcomeIndicator outcome = outcome(e.outcome());
        JsonNode d = detail(e.detail());
        String who = e.principal() == null || e.principal().isEmpty() ? "(unauthenticated)" : e.principal();
        String host = host(e.source());
        BaseAuditMessageBuilder<?> b = switch (e.type()) {
            case AuditEvent.RECEIPT -> {
                DataImportBuilder x = new DataImportBuilder(outcome, null, EventActionCode.Create,
                        EventType.of(text(d, "messageType"), "HL7v2", "HL7 v2 message type"));
                x.addSourceParticipant(who, null, null, host, true);
                x.addImportingParticipant(application, null, null, null, false);
                patient(x, e.patientKey(), ParticipantObjectDataLifeCycle.Import);
                object(x, "hl7-message", e.objectId(), ParticipantObjectDataLifeCycle.Import, d, "messageType", "controlId", "ack");
                yield x;
            }
            case AuditEvent.TRANSMISSION_OUTCOME -> {
                DataExportBuilder x = new DataExportBuilder(outcome, text(d, "outcome"), EventActionCode.Read,
                        EventType.of(text(d, "kind"), "RadBridge", "outbox entry kind"));
                x.addExportingParticipant(application, null, null, null, false);
                x.addReceivingParticipant(text(d, "destination"), null, null, null, false);
                patient(x, e.patientKey(), ParticipantObjectDataLifeCycle.Disclosure);
                object(x, "outbox-entry", e.objectId(), ParticipantObjectDataLifeCycle.Export, d, "destination", "kind",
                        "messageId", "controlId", "attempt", "outcome");
                yield x;
            }
            case AuditEvent.DEIDENTIFICATION -> {
                DataExportBuilder x = new DataExportBuilder(outcome, null, EventActionCode.Read,
                        EventType.of(text(d, "profile"), "RadBridge", "de-identification profile"));
                x.addExportingParticipant(application, null, null, null, false);
                x.addReceivingParticipant(e.source() == null ? "(de-identified copy)" : e.source(), null, null, null, false);
                patient(x, e.patientKey(), ParticipantObjectDataLifeCycle.Deidentification);
                object(x, e.objectType(), e.objectId(), ParticipantObjectDataLifeCycle.Deidentification, d, "profile",
                        "legalBasis", "keyId");
                yield x;
            }
            case AuditEvent.QUERY -> {
                QueryBuilder x = new QueryBuilder(outcome, null, EventType.of(MWL_FIND, "DCM", "Modality Worklist C-FIND"));
                x.setQueryingParticipant(who, null, null, host, true);
                x.setRespondingParticipant(e.objectId() == null ? application : e.objectId(), null, null, null, false);
                patient(x, e.patientKey(), ParticipantObjectDataLifeCycle.Access);
                x.addParticipantObjectIdentification(ParticipantObjectIdTypeCode.SOPClassUID, null,
                        d.path("keys").toString().getBytes(StandardCharsets.UTF_8), details(d, "matches", "limitExceeded"), MWL_FIND,
                        ParticipantObjectTypeCode.System, ParticipantObjectTypeCodeRole.Query, null, null);
                yield x;
            }
            case AuditEvent.SECURITY_ALERT -> {
                String alert = text(d, "alert");
                EventType type = alert.startsWith("tls") || alert.contains("peer") ? EventTypeCode.NodeAuthentication
                        : alert.equals("role-refused") || alert.equals("service-refused") ? EventTypeCode.AccessControlDecision
                                : EventTypeCode.AuthenticationDecision;
                SecurityAlertBuilder x = new SecurityAlertBuilder(outcome, text(d, "reason"), type);
                x.addReportingActiveParticipant(application, null, null, null, null, false);
                x.addPerformingActiveParticipant(who, null, null, null, host);
                x.addAlertUriSubjectParticipantObject(String.valueOf(e.objectId()), ParticipantObjectTypeCodeRole.SecurityResource,
                        alert + (d.has("reason") ? ": " + text(d, "reason") : ""));
                yield x;
            }
            case AuditEvent.APPLICATION_ACTIVITY -> custom(outcome, EventActionCode.Execute, EventIdCode.ApplicationActivity,
                    "stop".equals(text(d, "event")) ? EventTypeCode.ApplicationStop
                            : "start".equals(text(d, "event")) ? EventTypeCode.ApplicationStart
                                    : EventType.of(text(d, "event"), "RadBridge", "housekeeping"), e, who, host);
            case AuditEvent.API_ACCESS -> {
                boolean auditLog = e.objectId() != null && e.objectId().contains("/api/audit");
                boolean read = e.objectId() != null && e.objectId().startsWith("GET ");
                CustomAuditMessageBuilder x = custom(outcome, read ? EventActionCode.Read : EventActionCode.Execute,
                        auditLog ? EventIdCode.AuditLogUsed : EventIdCode.PatientRecord, null, e, who, host);
                patient(x, e.patientKey(), ParticipantObjectDataLifeCycle.Access);
                yield x;
            }
            case AuditEvent.OPERATOR_ACTION -> custom(outcome, EventActionCode.Execute, EventIdCode.ApplicationActivity,
                    EventType.of(text(d, "action"), "RadBridge", "operator action"), e, who, host);
            case AuditEvent.AUDIT_PURGE -> custom(outcome, EventActionCode.Delete, EventIdCode.AuditLogUsed, null, e, who, host);
            default -> null;
        };
        if (b == null) {
            return null;
        }
        b.addParticipantObjectIdentification(ParticipantObjectIdType.of("audit-record", "RadBridge", "RadBridge audit record"), null,
                null, List.of(new TypeValuePairType("seq", String.valueOf(s.seq())), new TypeValuePairType("hash", s.hash())),
                String.valueOf(s.seq()), ParticipantObjectTypeCode.System, ParticipantObjectTypeCodeRole.SecurityResource, null, null);
        b.setAuditSource(context);
        AuditMessage m = b.getMessage();
        m.getEventIdentification().setEventDateTime(Instant.ofEpochMilli(s.at()));
        return m;
    }

    private CustomAuditMessageBuilder custom(EventOutcomeIndicator outcome, EventActionCode action, EventIdCode id, EventType type,
            AuditEvent e, String who, String host) {
        CustomAuditMessageBuilder x = new CustomAuditMessageBuilder(outcome, null, action, id, type);
        x.addActiveParticipant(who, null, null, true, null, host);
        x.addActiveParticipant(application, null, null, false, null, null);
        x.addParticipantObjectIdentification(ParticipantObjectIdTypeCode.URI, null, null, null,
                e.objectType() + ":" + e.objectId(), ParticipantObjectTypeCode.System, ParticipantObjectTypeCodeRole.Resource,
                null, null);
        return x;
    }

    private static void patient(BaseAuditMessageBuilder<?> b, String patientKey, ParticipantObjectDataLifeCycle lc) {
        if (patientKey != null && !patientKey.isEmpty()) {
            b.addPatientParticipantObject(patientKey, null, null, lc);
        }
    }

    private static void object(BaseAuditMessageBuilder<?> b, String type, String id, ParticipantObjectDataLifeCycle lc, JsonNode d,
            String... fields) {
        b.addParticipantObjectIdentification(ParticipantObjectIdType.of(type, "RadBridge", type), null, null, details(d, fields),
                String.valueOf(id), ParticipantObjectTypeCode.System, ParticipantObjectTypeCodeRole.Resource, lc, null);
    }

    private static List<TypeValuePairType> details(JsonNode d, String... fields) {
        List<TypeValuePairType> l = new ArrayList<>();
        for (String f : fields) {
            if (d.has(f) && !d.get(f).isNull()) {
                l.add(new TypeValuePairType(f, d.get(f).isTextual() ? d.get(f).asText() : d.get(f).toString()));
            }
        }
        return l;
    }

    private static EventOutcomeIndicator outcome(String o) {
        return switch (o == null ? "" : o) {
            case AuditEvent.SUCCESS -> EventOutcomeIndicator.Success;
            case AuditEvent.MINOR_FAILURE -> EventOutcomeIndicator.MinorFailure;
            case AuditEvent.SERIOUS_FAILURE -> EventOutcomeIndicator.SeriousFailure;
            default -> EventOutcomeIndicator.MajorFailure;
        };
    }

    private static JsonNode detail(String json) {
        try {
            return json == null ? JSON.createObjectNode() : JSON.readTree(json);
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String text(JsonNode d, String f) {
        return d.path(f).asText("");
    }

    /** "/10.1.2.3:4567" -> "10.1.2.3"; null stays null. */
    static String host(String address) {
        if (address == null || address.isEmpty()) {
            return null;
        }
        String h = address.startsWith("/") ? address.substring(1) : address;
        int slash = h.indexOf('/');
        if (slash >= 0) {
            h = h.substring(slash + 1);
        }
        int colon = h.lastIndexOf(':');
        return colon > 0 && h.indexOf(':') == colon ? h.substring(0, colon) : h;
    }
}
