package org.radbridge.procedure;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.radbridge.mapping.MappingException;
import org.radbridge.mapping.Mappings;
import org.radbridge.worklist.SpsStatus;

/**
 * The transition table of mappings/codes/mpps-transitions.yaml: per case (scheduled, group, append, unscheduled)
 * and MPPS status (PS3.3 C.4.14 Performed Procedure Step Status), the Scheduled Procedure Step Status to set
 * (PS3.3 C.4.10) and the ORC-5 order status (HL7 table 0038) for the EMR; discontinuation reasons (DICOM CID
 * 9301) may override the DISCONTINUED row, e.g. 110514 "Incorrect worklist entry selected" returns the step to
 * SCHEDULED and tells the EMR nothing.
 */
public final class Transitions {

    public static final String FILE = "codes/mpps-transitions.yaml";

    /** How a step is performed by an MPPS. */
    public enum Case {
        SCHEDULED, GROUP, APPEND, UNSCHEDULED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What happens to one step: {@code sps} null = keep, {@code emr} null = nothing to the EMR, {@code request} /
     * {@code study} the FHIR ServiceRequest / ImagingStudy status, null = keep.
     */
    public record Transition(String sps, String emr, String request, String study) {

        public Transition(String sps, String emr) {
            this(sps, emr, null, null);
        }
    }

    private final Map<Case, Map<String, Transition>> table = new EnumMap<>(Case.class);
    private final Map<String, Transition> reasons = new HashMap<>();

    public Transitions(Map<Case, Map<String, Transition>> table, Map<String, Transition> reasons) {
        this.table.putAll(table);
        this.reasons.putAll(reasons);
    }

    public static Transitions load(Mappings m) {
        String origin = m.origin(FILE);
        JsonNode root = m.yaml(FILE);
        Map<Case, Map<String, Transition>> t = new EnumMap<>(Case.class);
        for (Case c : Case.values()) {
            JsonNode rows = root.path("cases").path(c.label());
            Map<String, Transition> byStatus = new HashMap<>();
            for (String st : List.of(MppsRules.IN_PROGRESS, MppsRules.COMPLETED, MppsRules.DISCONTINUED)) {
                JsonNode row = rows.path(st);
                if (row.isMissingNode()) {
                    throw new MappingException(origin, "cases." + c.label() + ": no row for " + st);
                }
                byStatus.put(st, transition(origin, "cases." + c.label() + "." + st, row));
            }
            t.put(c, byStatus);
        }
        Map<String, Transition> r = new HashMap<>();
        for (JsonNode n : root.path("discontinuation-reasons")) {
            JsonNode code = n.path("code");
            if (code.size() != 2) {
                throw new MappingException(origin, "discontinuation-reasons: code must be [value, scheme]");
            }
            r.put(code.get(0).asText() + "^" + code.get(1).asText(), transition(origin, "discontinuation-reasons", n));
        }
        return new Transitions(t, r);
    }

    private static Transition transition(String origin, String where, JsonNode row) {
        String sps = row.path("sps").asText("keep").trim();
        String emr = row.path("emr").asText("none").trim();
        try {
            sps = sps.equalsIgnoreCase("keep") ? null : SpsStatus.of(sps);
        } catch (IllegalArgumentException e) {
            throw new MappingException(origin, where + ": " + e.getMessage());
        }
        if (emr.equalsIgnoreCase("none")) {
            emr = null;
        } else if (!List.of("IP", "CM", "DC").contains(emr)) {
            throw new MappingException(origin, where + ": emr must be IP, CM, DC or none, is " + emr);
        }
        return new Transition(sps, emr, fhirCode(origin, where, row.path("request").asText("keep"), REQUEST_STATUS),
                fhirCode(origin, where, row.path("study").asText("keep"), STUDY_STATUS));
    }

    /** FHIR R4 value sets request-status and imagingstudy-status. */
    static final List<String> REQUEST_STATUS = List.of("draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown");
    static final List<String> STUDY_STATUS = List.of("registered", "available", "cancelled", "entered-in-error", "unknown");

    private static String fhirCode(String origin, String where, String v, List<String> allowed) {
        v = v.trim();
        if (v.equals("keep")) {
            return null;
        }
        if (!allowed.contains(v)) {
            throw new MappingException(origin, where + ": must be keep or one of " + allowed + ", is " + v);
        }
        return v;
    }

    /** The case of one step: append when the step was COMPLETED before the MPPS, group when it performs several. */
    public static Case caseOf(String priorStatus, int linkedSteps) {
        if (linkedSteps == 0) {
            return Case.UNSCHEDULED;
        }
        if (SpsStatus.COMPLETED.equals(priorStatus)) {
            return Case.APPEND;
        }
        return linkedSteps > 1 ? Case.GROUP : Case.SCHEDULED;
    }

    /**
     * The transition of a step of this case for the MPPS status; {@code reasons} are the discontinuation reason
     * codes as "value^scheme" (the first listed one wins, for the scheduled and group cases only).
     */
    public Transition decide(Case c, String mppsStatus, List<String> reasonCodes) {
        if (MppsRules.DISCONTINUED.equals(mppsStatus) && (c == Case.SCHEDULED || c == Case.GROUP)) {
            for (String code : reasonCodes) {
                Transition t = reasons.get(code);
                if (t != null) {
                    return t;
                }
            }
        }
        Transition t = table.get(c).get(mppsStatus);
        if (t == null) {
            throw new IllegalArgumentException("no transition for MPPS status " + mppsStatus);
        }
        return t;
    }

    /** The reason codes of an MPPS as "value^scheme". */
    public static List<String> reasonCodes(org.radbridge.dicom.Attributes mpps) {
        List<String> out = new ArrayList<>();
        org.radbridge.dicom.Sequence s = mpps.getSequence(org.radbridge.dicom.Tag.PerformedProcedureStepDiscontinuationReasonCodeSequence);
        if (s != null) {
            for (org.radbridge.dicom.Attributes item : s) {
                out.add(item.getString(org.radbridge.dicom.Tag.CodeValue, "") + "^"
                        + item.getString(org.radbridge.dicom.Tag.CodingSchemeDesignator, ""));
            }
        }
        return out;
    }
}
