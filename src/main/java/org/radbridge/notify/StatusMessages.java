package org.radbridge.notify;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.radbridge.hl7.Delimiters;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Version;
import org.radbridge.hl7.Segment;
import org.radbridge.hl7.SegmentWriter;
import org.radbridge.order.OrderIdentifiers;
import org.radbridge.order.ProcedureIds;

/**
 * Order status messages (docs/emr-delivery.md, "Status messages"): ORC-1 = SC (status changed) with
 * ORC-5 = IP / CM / DC (HL7 table 0038), in the shapes of IHE RAD-3 Filler Order Management for the Order
 * Placer (ORM^O01 up to v2.4, OMG^O19 from v2.5, in the version the placer's order came in) and, only for
 * destinations configured as image managers, of RAD-13 (OMI^O23 v2.5.1 with IPC, or ORM^O01 v2.3.1 with
 * ZDS), as dcm4chee's procedure status update sends them. Patient (PID) and visit (PV1) are those of the
 * placer's order; orders, identifiers and the procedure code come from the order and its {@link ProcedureIds}.
 */
public final class StatusMessages {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");

    private StatusMessages() {
    }

    /** ORC-5 Order Status values sent (HL7 table 0038). */
    public enum Status {
        IN_PROGRESS("IP"), COMPLETED("CM"), DISCONTINUED("DC");

        public final String code;

        Status(String code) {
            this.code = code;
        }

        public static Status of(String code) {
            for (Status s : values()) {
                if (s.code.equalsIgnoreCase(code.trim()) || s.name().equalsIgnoreCase(code.trim())) {
                    return s;
                }
            }
            throw new IllegalArgumentException("order status must be IP, CM or DC, is " + code);
        }
    }

    /** The message structures a status goes out in. */
    public enum Shape {
        ORM_O01("ORM^O01"), OMG_O19("OMG^O19"), OMI_O23("OMI^O23");

        public final String type;

        Shape(String type) {
            this.type = type;
        }

        /** The outbox kind, e.g. "orm-o01". */
        public String kind() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * What changed: the placer's order as received (from the journal), the procedures it concerns (one per
     * scheduled procedure step; empty = the identifiers the order itself carries) and the new status.
     */
    public record Request(Hl7Message order, List<ProcedureIds> procedures, Status status, ZonedDateTime when) {
    }

    /** MSH-3 / MSH-4 of RadBridge's own messages (radbridge.hl7.application / .facility). */
    public record Sender(String application, String facility) {
    }

    /** Image managers: OMI^O23 (2.5.1) or ORM^O01 (2.3.1); placers: the order's structure, else by version. */
    public static Shape shape(Hl7Message order, Hl7DestinationConfig dest) {
        if (dest.isImageManager()) {
            return dest.hl7Version().equals("2.3.1") ? Shape.ORM_O01 : Shape.OMI_O23;
        }
        String code = order.messageCode();
        if (code.equals("ORM")) {
            return Shape.ORM_O01;
        }
        if (code.equals("OMG")) {
            return Shape.OMG_O19;
        }
        return Hl7Version.number(version(order, dest)) >= 250 ? Shape.OMG_O19 : Shape.ORM_O01;
    }

    /** MSH-12: the destination's for image managers, else the version of the placer's order (2.5.1 if unreadable). */
    public static String version(Hl7Message order, Hl7DestinationConfig dest) {
        if (dest.isImageManager()) {
            return dest.hl7Version();
        }
        String v = order.version();
        return Hl7Version.number(v) < 0 ? "2.5.1" : v;
    }

    /**
     * The status message text (CR-separated), with MSH-10 = {@code controlId}; without procedures in the request, the
     * identifiers the order carries, read by {@code ids}.
     */
    public static String build(Request r, Hl7DestinationConfig dest, Sender from, String controlId, OrderIdentifiers ids) {
        Hl7Message o = r.order();
        Delimiters d = o.delimiters();
        Shape shape = shape(o, dest);
        String version = version(o, dest);
        int vn = Hl7Version.number(version);
        String ts = TS.format(r.when());
        StringBuilder out = new StringBuilder(1024);

        Segment omsh = o.msh();
        StringBuilder msh = new StringBuilder("MSH").append(d.field()).append(d.encodingCharacters());
        String[] mshFields = {
            esc(from.application(), d), esc(from.facility(), d),                                  // MSH-3, MSH-4
            dest.application().isEmpty() ? omsh.field(3) : dest.application(),                    // MSH-5 Receiving Application
            dest.facility().isEmpty() ? omsh.field(4) : dest.facility(),                          // MSH-6 Receiving Facility
            ts, "",                                                                               // MSH-7, MSH-8
            shape.type + (vn >= 231 ? d.component() + shape.type.replace('^', '_') : ""),          // MSH-9
            esc(controlId, d), omsh.field(11).isEmpty() ? "P" : omsh.field(11), version};          // MSH-10..12
        for (String f : mshFields) {
            msh.append(d.field()).append(f);
        }
        if (!omsh.field(18).isEmpty()) {
            msh.append(String.valueOf(d.field()).repeat(6)).append(omsh.field(18));                // MSH-18 as the order's
        }
        out.append(msh).append('\r');

        Segment pid = o.segment("PID");
        out.append(pid != null ? pid.text() : "PID" + d.field() + "1").append('\r');
        Segment pv1 = o.segment("PV1");
        out.append(pv1 != null ? pv1.text() : "PV1" + d.field() + "1" + d.field() + "U").append('\r'); // PV1-2 U = unknown

        int setId = 0;
        for (List<ProcedureIds> group : groups(r.procedures() == null || r.procedures().isEmpty() ? OrderIds.of(ids, o) : r.procedures())) {
            ProcedureIds p = group.get(0);
            List<Segment> og = orderGroup(o, p);
            Segment orc = find(og, "ORC");
            Segment obr = find(og, "OBR");
            setId++;
            SegmentWriter w = new SegmentWriter("ORC", d)
                    .value(1, "SC")                                                   // ORC-1 Order Control: status changed
                    .value(2, p.placerOrderNumber(), p.placerIssuer())                // ORC-2 Placer Order Number
                    .value(3, p.fillerOrderNumber(), p.fillerIssuer())                // ORC-3 Filler Order Number
                    .value(5, r.status().code)                                        // ORC-5 Order Status
                    .raw(9, ts)                                                       // ORC-9 Date/Time of Transaction
                    .raw(12, orc == null ? "" : orc.field(12));                       // ORC-12 Ordering Provider
            if (shape == Shape.ORM_O01) {
                w.raw(7, orc == null ? "" : orc.field(7));                            // ORC-7 Quantity/Timing (priority)
            }
            out.append(w).append('\r');
            if (shape != Shape.ORM_O01) {
                Segment tq1 = find(og, "TQ1");
                out.append(tq1 != null ? tq1.text() : "TQ1" + d.field() + "1").append('\r');
            }
            SegmentWriter b = new SegmentWriter("OBR", d)
                    .value(1, String.valueOf(setId))                                  // OBR-1 Set ID
                    .value(2, p.placerOrderNumber(), p.placerIssuer())                // OBR-2 Placer Order Number
                    .value(3, p.fillerOrderNumber(), p.fillerIssuer())                // OBR-3 Filler Order Number
                    .raw(4, obr == null ? "" : obr.field(4))                          // OBR-4 Universal Service Identifier
                    .raw(16, obr == null ? "" : obr.field(16))                        // OBR-16 Ordering Provider
                    .value(24, p.modality() != null && !p.modality().isEmpty() ? p.modality()
                            : obr == null ? "" : obr.value(24));                      // OBR-24 Diagnostic Serv Sect ID (modality)
            if (shape != Shape.OMI_O23) {
                b.value(18, p.accessionNumber())                                     // OBR-18 accession (IHE RAD v2.3.1 convention)
                        .value(19, p.requestedProcedureId())                          // OBR-19 Requested Procedure ID
                        .value(20, p.spsId());                                        // OBR-20 Scheduled Procedure Step ID
            }
            if (shape == Shape.ORM_O01) {
                b.raw(27, obr == null ? "" : obr.field(27));                          // OBR-27 Quantity/Timing
            }
            out.append(b).append('\r');
            if (shape == Shape.OMI_O23) {
                for (ProcedureIds s : group) {
                    out.append(new SegmentWriter("IPC", d)
                            .value(1, s.accessionNumber(), s.accessionIssuer())       // IPC-1 Accession Identifier
                            .value(2, s.requestedProcedureId())                       // IPC-2 Requested Procedure ID
                            .value(3, s.studyInstanceUid())                           // IPC-3 Study Instance UID
                            .value(4, s.spsId())                                      // IPC-4 Scheduled Procedure Step ID
                            .value(5, s.modality())).append('\r');                    // IPC-5 Modality
                }
            } else if (dest.isImageManager()) {
                out.append(new SegmentWriter("ZDS", d)                                // ZDS-1 Study Instance UID (IHE RAD-4 v2.3.1)
                        .value(1, p.studyInstanceUid(), from.application(), "Application", "DICOM")).append('\r');
            }
        }
        return out.toString();
    }

    /** Procedures grouped by requested procedure (one ORC/OBR each), in their order. */
    public static List<List<ProcedureIds>> groups(List<ProcedureIds> procedures) {
        Map<String, List<ProcedureIds>> g = new LinkedHashMap<>();
        for (ProcedureIds p : procedures) {
            String k = p.placerOrderNumber() + "|" + p.fillerOrderNumber() + "|" + p.accessionNumber() + "|" + p.requestedProcedureId();
            g.computeIfAbsent(k, x -> new ArrayList<>()).add(p);
        }
        return new ArrayList<>(g.values());
    }

    /** The order's ORC group of a procedure: the one with its placer (or filler) number, else the first. */
    public static List<Segment> orderGroup(Hl7Message o, ProcedureIds p) {
        List<List<Segment>> groups = o.groups("ORC");
        for (List<Segment> g : groups) {
            Segment orc = g.get(0);
            Segment obr = find(g, "OBR");
            if (same(p.placerOrderNumber(), orc.value(2, 1), obr == null ? "" : obr.value(2, 1))
                    || same(p.fillerOrderNumber(), orc.value(3, 1), obr == null ? "" : obr.value(3, 1))) {
                return g;
            }
        }
        return groups.isEmpty() ? List.of() : groups.get(0);
    }

    private static boolean same(String id, String a, String b) {
        return id != null && !id.isEmpty() && (id.equals(a) || id.equals(b));
    }

    private static Segment find(List<Segment> group, String id) {
        for (Segment s : group) {
            if (s.is(id)) {
                return s;
            }
        }
        return null;
    }

    private static String esc(String s, Delimiters d) {
        return org.radbridge.hl7.Hl7Escapes.escape(s == null ? "" : s, d);
    }
}
