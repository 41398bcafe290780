package org.radbridge.order;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Path;
import org.radbridge.hl7.Segment;
import org.radbridge.mapping.MappingException;
import org.radbridge.mapping.Mappings;

/**
 * The one reader of the identifiers an HL7 message carries (accession number and its issuer, placer and filler
 * order numbers with their namespaces, requested procedure ID, SPS ID, Study Instance UID, modality, and the patient
 * identifier): the worklist, the FHIR flows, the notifications and the journal keys all read them here. Where each
 * is read is not written in code but taken from the worklist mapping of mappings/hl7-to-mwl/ (the {@code from} paths
 * of the rules of the DICOM targets in {@link Field}, the site overlay included), so a site overlay that moves the
 * accession number (e.g. {@code AccessionNumber from: OBR-3.1}) moves it for every reader at once
 * (docs/worklist.md, "Identifiers").
 * <ul>
 *   <li>Order identifiers: the file of the message type ({@code ORM^O01} -> orm-o01.yaml); a type without a file
 *       of its own (a report ORU^R01, an ADT) is read with orm-o01.yaml's paths, the OBR layout of IHE RAD-4
 *       v2.3.1. As in the mapping, the first non-empty path of a rule wins, an HL7 null {@code ""} stops the search,
 *       and values are trimmed; modality is the code as sent (the worklist maps it through codes/modality.yaml).</li>
 *   <li>An issuer (namespace) belongs to its identifier: when the identifier came from the n-th path of its rule,
 *       the issuer is read from the n-th path of the issuer's rule (ORC-2.1 with ORC-2.2, OBR-2.1 with OBR-2.2;
 *       IPC-1.1 with IPC-1.2), and is absent when that rule has no n-th path.</li>
 *   <li>Patient: PatientID and IssuerOfPatientID of patient.yaml (PID-3.1, PID-3.4.1), first PID of the message.</li>
 *   <li>Steps: one per IPC segment (OMI^O23: one per Scheduled Procedure Step), else one for the order (its first
 *       ORC/OBR group); paths are read in the step, then its order group, then before the first ORC
 *       ({@link OrderStep#find}).</li>
 * </ul>
 * Immutable; {@link #load} one per configuration (a reload makes a new one).
 */
public final class OrderIdentifiers {

    /** The identifiers, each with the DICOM target (keyword path of mappings/hl7-to-mwl/) whose paths it reads. */
    public enum Field {
        ACCESSION("AccessionNumber"),
        ACCESSION_ISSUER("IssuerOfAccessionNumberSequence>LocalNamespaceEntityID"),
        PLACER("PlacerOrderNumberImagingServiceRequest"),
        PLACER_ISSUER("OrderPlacerIdentifierSequence>LocalNamespaceEntityID"),
        FILLER("FillerOrderNumberImagingServiceRequest"),
        FILLER_ISSUER("OrderFillerIdentifierSequence>LocalNamespaceEntityID"),
        STUDY_INSTANCE_UID("StudyInstanceUID"),
        REQUESTED_PROCEDURE_ID("RequestedProcedureID"),
        SPS_ID("ScheduledProcedureStepSequence>ScheduledProcedureStepID"),
        MODALITY("ScheduledProcedureStepSequence>Modality"),
        PATIENT_ID("PatientID"),
        PATIENT_ID_ISSUER("IssuerOfPatientID");

        private final String target;

        Field(String target) {
            this.target = target;
        }

        /** The DICOM target of mappings/hl7-to-mwl/ whose {@code from} paths locate this identifier. */
        public String target() {
            return target;
        }
    }

    /**
     * One {@code from} path of a mapping rule; {@code header:} reads only the segments before the first ORC (also the
     * worklist mapping's rules, worklist.mapping.MwlRule).
     */
    public record Source(Hl7Path path, boolean headerOnly) {

        public static Source parse(String s) {
            String t = s.trim();
            boolean header = t.startsWith("header:");
            return new Source(Hl7Path.of(header ? t.substring(7).trim() : t), header);
        }

        @Override
        public String toString() {
            return (headerOnly ? "header:" : "") + path;
        }
    }

    /** The paths of every {@link Field} as one file set gives them (empty list: the file has no such rule). */
    public record Paths(Map<Field, List<Source>> byField) {

        public List<Source> of(Field f) {
            List<Source> s = byField.get(f);
            return s == null ? List.of() : s;
        }

        /** The first path of a field, for error locations ("OBR-18"); null when it has none. */
        public String location(Field f) {
            List<Source> s = of(f);
            return s.isEmpty() ? null : s.get(0).path().toString();
        }
    }

    static final String DIR = "hl7-to-mwl/";
    /** The file whose paths read a message type without a worklist mapping of its own. */
    static final String FALLBACK_TYPE = "ORM^O01";
    private static volatile OrderIdentifiers packaged;

    private final Mappings mappings;
    private final Paths fallback;
    private final List<Source> patientId;
    private final List<Source> patientIssuer;
    private final Map<String, Paths> byType = new ConcurrentHashMap<>();

    private OrderIdentifiers(Mappings mappings) {
        this.mappings = mappings;
        Paths patient = read(mappings, DIR + "patient.yaml");
        this.patientId = patient.of(Field.PATIENT_ID);
        this.patientIssuer = patient.of(Field.PATIENT_ID_ISSUER);
        this.fallback = paths(FALLBACK_TYPE);
    }

    /** The identifier paths of a configuration (overlay, folder, jar); a bad file stops start-up or a reload, named. */
    public static OrderIdentifiers load(Mappings m) {
        OrderIdentifiers ids = new OrderIdentifiers(m);
        for (String type : List.of("OMG^O19", "OMI^O23")) {
            ids.paths(type);
        }
        return ids;
    }

    /** The packaged mappings only (tests, and an Inbound made outside the intake). */
    public static OrderIdentifiers packaged() {
        OrderIdentifiers p = packaged;
        if (p == null) {
            p = load(Mappings.packaged());
            packaged = p;
        }
        return p;
    }

    /** {@code ORM^O01} -> hl7-to-mwl/orm-o01.yaml (as the worklist mapping names it). */
    static String fileFor(String messageType) {
        return DIR + messageType.toLowerCase(Locale.ROOT).replace('^', '-') + ".yaml";
    }

    /** The paths that read a message type: its worklist mapping file, else orm-o01.yaml's. */
    public Paths paths(String messageType) {
        String type = messageType == null ? "" : messageType;
        Paths p = byType.get(type);
        if (p == null) {
            if (!isType(type) || !mappings.exists(fileFor(type))) {
                if (fallback == null) {
                    throw new MappingException(fileFor(FALLBACK_TYPE), "file not found in overlay, mappings folder or jar");
                }
                p = fallback;
            } else {
                p = read(mappings, fileFor(type));
            }
            if (byType.size() < 256) {
                byType.put(type, p); // message types are few; a flood of made-up ones is not kept
            }
        }
        return p;
    }

    /** CODE^EVENT of letters and digits (a made-up type does not name a file path). */
    private static boolean isType(String t) {
        if (t.length() != 7 || t.charAt(3) != '^') {
            return false;
        }
        for (int i = 0; i < 7; i++) {
            char c = t.charAt(i);
            if (i != 3 && !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    private static Paths read(Mappings m, String file) {
        JsonNode root = m.yaml(file);
        Map<String, Field> byTarget = new java.util.HashMap<>();
        for (Field f : Field.values()) {
            byTarget.put(f.target(), f);
        }
        Map<Field, List<Source>> out = new EnumMap<>(Field.class);
        try {
            for (JsonNode r : root.path("rules")) {
                Field f = byTarget.get(r.path("to").asText("").replace(" ", ""));
                if (f == null || out.containsKey(f) || r.get("from") == null || !r.path("when").isMissingNode()) {
                    continue; // the first unconditional rule of a target locates it, as its first rule gives it a value
                }
                List<Source> s = new ArrayList<>();
                JsonNode from = r.get("from");
                if (from.isArray()) {
                    from.forEach(x -> s.add(Source.parse(x.asText())));
                } else {
                    s.add(Source.parse(from.asText()));
                }
                out.put(f, List.copyOf(s));
            }
        } catch (IllegalArgumentException e) {
            throw new MappingException(m.origin(file), e.getMessage());
        }
        return new Paths(out);
    }

    // ---- per step

    /**
     * The identifiers an order message carries, as received (null where absent): one per IPC segment, else one for
     * the order (its first step; a message without ORC is read as a whole).
     */
    public List<ProcedureIds> received(Hl7Message m) {
        Paths p = paths(m.messageType());
        if (m.segment("IPC") == null) {
            return List.of(read(p, firstStep(m)));
        }
        List<OrderStep> steps = OrderStep.of(m);
        List<ProcedureIds> out = new ArrayList<>();
        for (OrderStep s : steps) {
            if (s.ipc() != null) {
                out.add(read(p, s));
            }
        }
        if (out.isEmpty()) {
            out.add(read(p, steps.isEmpty() ? whole(m) : steps.get(0)));
        }
        return out;
    }

    /**
     * The identifiers of one order group (an ORC and what follows it up to the next ORC, or an OBR group without
     * ORC), read only in the group: one per IPC segment of the group, else one.
     */
    public List<ProcedureIds> received(String messageType, List<Segment> group) {
        Paths p = paths(messageType);
        List<ProcedureIds> out = new ArrayList<>();
        for (Segment s : group) {
            if (s.is("IPC")) {
                out.add(read(p, new OrderStep(1, out.size() + 1, List.of(), group, List.of(s))));
            }
        }
        if (out.isEmpty()) {
            out.add(read(p, new OrderStep(1, 1, List.of(), group, group)));
        }
        return out;
    }

    /** The identifiers of one step (its own segments, then its group, then the message header). */
    public ProcedureIds received(Hl7Message m, OrderStep step) {
        return read(paths(m.messageType()), step);
    }

    private static OrderStep whole(Hl7Message m) {
        return new OrderStep(0, 1, m.segments(), List.of(), List.of());
    }

    /**
     * The step the order's identifiers are read in, as {@link OrderStep#of} would give it first, without building the
     * others (views of the message's segments; the hot path of every message reads its journal keys here): the first
     * IPC after the first ORC, else the first OBR of the first group (and what follows it up to the next OBR), else
     * the first group itself; the whole message when it has no ORC.
     */
    static OrderStep firstStep(Hl7Message m) {
        List<Segment> segs = m.segments();
        int n = segs.size();
        int orc = -1;
        for (int i = 0; i < n; i++) {
            if (segs.get(i).is("ORC")) {
                orc = i;
                break;
            }
        }
        if (orc < 0) {
            return whole(m);
        }
        int groupStart = orc;
        int stepStart = -1;
        boolean ipc = false;
        if (m.segment("IPC") != null) {
            for (int i = orc; i < n; i++) {
                Segment s = segs.get(i);
                if (s.is("ORC")) {
                    groupStart = i;
                } else if (s.is("IPC")) {
                    stepStart = i;
                    ipc = true;
                    break;
                }
            }
            if (!ipc) {
                groupStart = orc;
            }
        }
        int groupEnd = n;
        for (int i = groupStart + 1; i < n; i++) {
            if (segs.get(i).is("ORC")) {
                groupEnd = i;
                break;
            }
        }
        List<Segment> header = segs.subList(0, orc);
        List<Segment> group = segs.subList(groupStart, groupEnd);
        if (ipc) {
            return new OrderStep(1, 1, header, group, segs.subList(stepStart, stepStart + 1));
        }
        for (int i = groupStart + 1; i < groupEnd; i++) {
            if (segs.get(i).is("OBR")) {
                int end = groupEnd;
                for (int j = i + 1; j < groupEnd; j++) {
                    if (segs.get(j).is("OBR")) {
                        end = j;
                        break;
                    }
                }
                return new OrderStep(1, 1, header, group, segs.subList(i, end));
            }
        }
        return new OrderStep(1, 1, header, group, List.of());
    }

    private static ProcedureIds read(Paths p, OrderStep step) {
        String[] acc = pair(p.of(Field.ACCESSION), p.of(Field.ACCESSION_ISSUER), step);
        String[] placer = pair(p.of(Field.PLACER), p.of(Field.PLACER_ISSUER), step);
        String[] filler = pair(p.of(Field.FILLER), p.of(Field.FILLER_ISSUER), step);
        return new ProcedureIds(nz(first(p.of(Field.STUDY_INSTANCE_UID), step)[0]), acc[0], acc[1],
                nz(first(p.of(Field.REQUESTED_PROCEDURE_ID), step)[0]), nz(first(p.of(Field.SPS_ID), step)[0]),
                placer[0], placer[1], filler[0], filler[1], nz(first(p.of(Field.MODALITY), step)[0]), Set.of());
    }

    /** An identifier and its issuer: the issuer from the path at the same position as the one that gave the id. */
    private static String[] pair(List<Source> id, List<Source> issuer, OrderStep step) {
        String[] v = first(id, step);
        String value = nz(v[0]);
        if (value == null) {
            return new String[] {null, null};
        }
        int at = Integer.parseInt(v[1]);
        return new String[] {value, at < issuer.size() ? nz(value(issuer.get(at), step)) : null};
    }

    /** The first non-empty value of the paths and its index ({value, index}); {"", "-1"} when none. */
    private static String[] first(List<Source> sources, OrderStep step) {
        for (int i = 0; i < sources.size(); i++) {
            Source src = sources.get(i);
            Segment seg = segment(src, step);
            if (seg == null) {
                continue;
            }
            if (src.path().isNullIn(seg)) {
                return new String[] {"", "-1"};
            }
            String v = src.path().valueIn(seg).trim();
            if (!v.isEmpty()) {
                return new String[] {v, Integer.toString(i)};
            }
        }
        return new String[] {"", "-1"};
    }

    private static String value(Source src, OrderStep step) {
        Segment seg = segment(src, step);
        return seg == null ? "" : src.path().valueIn(seg).trim();
    }

    private static Segment segment(Source src, OrderStep step) {
        String id = src.path().segment();
        return src.headerOnly() ? step.findInHeader(id) : step.find(id);
    }

    private static String nz(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    // ---- the journal's keys (GET /api/messages?patientId=&accession=)

    /** The indexed keys of a journal entry: patient "ID^ISSUER", accession, order "number^namespace" (each may be null). */
    public record Keys(String patient, String accession, String order) {
    }

    /** The journal keys of a message, read once: {@link #patient}, {@link #accession} and {@link #order}. */
    public Keys keys(Hl7Message m) {
        Paths p = paths(m.messageType());
        OrderStep step = m.segment("IPC") == null ? firstStep(m) : OrderStep.of(m).stream().filter(s -> s.ipc() != null)
                .findFirst().orElseGet(() -> firstStep(m));
        String accession = pair(p.of(Field.ACCESSION), List.of(), step)[0];
        String[] placer = pair(p.of(Field.PLACER), p.of(Field.PLACER_ISSUER), step);
        String order = placer[0] != null ? placer[0] + "^" + (placer[1] == null ? "" : placer[1]) : null;
        if (order == null) {
            String[] filler = pair(p.of(Field.FILLER), p.of(Field.FILLER_ISSUER), step);
            order = filler[0] != null ? filler[0] + "^" + (filler[1] == null ? "" : filler[1]) : null;
        }
        return new Keys(patient(m), accession, order);
    }

    /** The accession number of the message's first step, or null. */
    public String accession(Hl7Message m) {
        return keys(m).accession();
    }

    /** "number^namespace" of the placer order number of the first step, else of its filler order number; or null. */
    public String order(Hl7Message m) {
        return keys(m).order();
    }

    /** "ID^ISSUER" of the patient (first PID of the message; issuer may be empty), or null without an id. */
    public String patient(Hl7Message m) {
        return patient(m.segments());
    }

    /**
     * "ID^ISSUER" of the patient of a group of segments (a PID and what follows it, e.g. one patient of an ADT^A40
     * merge), each path read in the first segment of its id in the group; null without an id.
     */
    public String patient(List<Segment> segments) {
        for (int i = 0; i < patientId.size(); i++) {
            String id = valueIn(patientId.get(i), segments);
            if (!id.isEmpty()) {
                return patientKey(id, i < patientIssuer.size() ? valueIn(patientIssuer.get(i), segments) : "");
            }
        }
        return null;
    }

    private static String valueIn(Source s, List<Segment> segments) {
        String id = s.path().segment();
        for (Segment seg : segments) {
            if (seg.is(id)) {
                return s.path().valueIn(seg).trim();
            }
        }
        return "";
    }

    /** "ID^ISSUER" (issuer namespace may be empty); null without an id. */
    public static String patientKey(String id, String issuer) {
        if (id == null || id.isBlank()) {
            return null;
        }
        return id.trim() + "^" + (issuer == null ? "" : issuer.trim());
    }
}
