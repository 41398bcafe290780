package org.radbridge.order;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.radbridge.hl7.Hl7Error;

/**
 * What RadBridge does when an order lacks an accession number, requested procedure ID, SPS ID or Study
 * Instance UID (design.md §1, Order Filler-lite for EMR placer orders, IHE RAD-2): per field, {@code reject}
 * (AE 101 at the field's location) or {@code assign} (a {@link DerivedIds deterministic, collision-free}
 * value from the issuer of the placer order number, or MSH-4, the placer order number and the procedure).
 * A filler order number missing from an order whose accession RadBridge assigned is the assigned
 * accession, issued by RadBridge. Per sender in peers/hl7-senders.yaml (options.worklist.identifiers.*),
 * with defaults per role in mappings/hl7-to-mwl/options.yaml.
 */
public final class IdentifierPolicy {

    /** Per-field policy. */
    public enum Mode {
        REJECT, ASSIGN;

        static Mode of(String s, String field) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("identifier policy for " + field + " must be reject or assign, is " + s);
            }
        }
    }

    /** Option names (under options.worklist.identifiers). */
    public static final String ACCESSION = "accession";
    public static final String REQUESTED_PROCEDURE_ID = "requested-procedure-id";
    public static final String SPS_ID = "sps-id";
    public static final String STUDY_INSTANCE_UID = "study-instance-uid";

    /** The order a step belongs to: what assigned identifiers are derived from. */
    public record OrderRef(String issuer, String placerOrderNumber, String procedure, int stepInProcedure) {
    }

    /**
     * Identifiers as received (empty strings when absent) with the HL7 location each was expected at.
     */
    public record Received(String accession, String accessionIssuer, String requestedProcedureId, String spsId,
            String studyInstanceUid, String placerOrderNumber, String placerIssuer, String fillerOrderNumber,
            String fillerIssuer, String modality, Map<String, String> locations) {

        String where(String field, String def) {
            String w = locations == null ? null : locations.get(field);
            return w == null || w.isEmpty() ? def : w;
        }
    }

    private final Mode accession;
    private final Mode requestedProcedureId;
    private final Mode spsId;
    private final Mode studyInstanceUid;
    private final String uidRoot;
    private final String fillerNamespace;

    public IdentifierPolicy(Mode accession, Mode requestedProcedureId, Mode spsId, Mode studyInstanceUid, String uidRoot,
            String fillerNamespace) {
        this.accession = accession;
        this.requestedProcedureId = requestedProcedureId;
        this.spsId = spsId;
        this.studyInstanceUid = studyInstanceUid;
        this.uidRoot = uidRoot == null ? "" : uidRoot.trim();
        if (!this.uidRoot.isEmpty() && (!isValidUid(this.uidRoot) || this.uidRoot.length() > 34)) {
            throw new IllegalArgumentException("identifier policy uid-root must be empty or a UID of at most 34 characters, is "
                    + uidRoot);
        }
        this.fillerNamespace = fillerNamespace;
    }

    /**
     * A policy from options: {@code option.apply(name, default)} answers each of
     * {@link #ACCESSION}, {@link #REQUESTED_PROCEDURE_ID}, {@link #SPS_ID}, {@link #STUDY_INSTANCE_UID} and "uid-root".
     */
    public static IdentifierPolicy of(BiFunction<String, String, String> option, String fillerNamespace) {
        return new IdentifierPolicy(Mode.of(option.apply(ACCESSION, "assign"), ACCESSION),
                Mode.of(option.apply(REQUESTED_PROCEDURE_ID, "assign"), REQUESTED_PROCEDURE_ID),
                Mode.of(option.apply(SPS_ID, "assign"), SPS_ID),
                Mode.of(option.apply(STUDY_INSTANCE_UID, "assign"), STUDY_INSTANCE_UID),
                option.apply("uid-root", ""), fillerNamespace);
    }

    /** The step's identifiers: received ones kept, missing ones assigned or refused; throws {@link Hl7Error}. */
    public ProcedureIds resolve(OrderRef ref, Received r) {
        Set<String> assigned = new LinkedHashSet<>();
        String acc = r.accession();
        String accIssuer = r.accessionIssuer();
        if (acc.isEmpty()) {
            acc = assign(accession, ref, r.where("accessionNumber", "OBR-18"), "accession number",
                    () -> DerivedIds.shortId('A', DerivedIds.name("accession", ref.issuer(), ref.placerOrderNumber())));
            accIssuer = fillerNamespace;
            assigned.add("accessionNumber");
        }
        String rp = r.requestedProcedureId();
        if (rp.isEmpty()) {
            rp = assign(requestedProcedureId, ref, r.where("requestedProcedureId", "OBR-19"), "requested procedure ID",
                    () -> DerivedIds.shortId('R', DerivedIds.name("requested-procedure", ref.issuer(),
                            ref.placerOrderNumber(), ref.procedure())));
            assigned.add("requestedProcedureId");
        }
        String sps = r.spsId();
        if (sps.isEmpty()) {
            sps = assign(spsId, ref, r.where("spsId", "OBR-20"), "scheduled procedure step ID",
                    () -> DerivedIds.shortId('S', DerivedIds.name("sps", ref.issuer(), ref.placerOrderNumber(),
                            ref.procedure(), String.valueOf(ref.stepInProcedure()))));
            assigned.add("spsId");
        }
        String study = r.studyInstanceUid();
        if (study.isEmpty()) {
            study = assign(studyInstanceUid, ref, r.where("studyInstanceUid", "ZDS-1"), "Study Instance UID",
                    () -> DerivedIds.uid(uidRoot, DerivedIds.name("study", ref.issuer(), ref.placerOrderNumber(),
                            ref.procedure())));
            assigned.add("studyInstanceUid");
        } else if (!isValidUid(study)) {
            throw Hl7Error.content(Hl7Error.Code.DATA_TYPE, r.where("studyInstanceUid", "ZDS-1"),
                    "Study Instance UID '" + (study.length() > 70 ? study.substring(0, 67) + "..." : study) + "' is not a valid DICOM UID (digits and dots, at most 64 characters)");
        }
        String filler = r.fillerOrderNumber();
        String fillerIssuer = r.fillerIssuer();
        if (filler.isEmpty() && assigned.contains("accessionNumber")) {
            filler = acc;
            fillerIssuer = fillerNamespace;
            assigned.add("fillerOrderNumber");
        }
        return new ProcedureIds(study, acc, accIssuer, rp, sps, r.placerOrderNumber(), r.placerIssuer(), filler,
                fillerIssuer, r.modality(), Set.copyOf(assigned));
    }

    private static String assign(Mode mode, OrderRef ref, String where, String what, java.util.function.Supplier<String> derive) {
        if (mode == Mode.REJECT) {
            throw Hl7Error.content(Hl7Error.Code.REQUIRED_FIELD_MISSING, where,
                    what + " (" + where + ") is missing and this sender's policy is to reject such orders");
        }
        if (ref.placerOrderNumber() == null || ref.placerOrderNumber().isEmpty()) {
            throw Hl7Error.content(Hl7Error.Code.REQUIRED_FIELD_MISSING, "ORC-2",
                    what + " (" + where + ") is missing and cannot be assigned without a placer order number (ORC-2)");
        }
        return derive.get();
    }

    /** PS3.5 9.1 UID syntax, see {@link org.radbridge.dicom.Uids#isValid}. */
    public static boolean isValidUid(String uid) {
        return org.radbridge.dicom.Uids.isValid(uid);
    }
}
