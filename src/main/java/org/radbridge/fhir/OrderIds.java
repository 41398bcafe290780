package org.radbridge.fhir;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.radbridge.hl7.Segment;
import org.radbridge.intake.FlowKeys;
import org.radbridge.intake.Inbound;
import org.radbridge.order.ProcedureIds;

/**
 * The procedure identifiers of an order group (accession, requested procedure ID, SPS ID, Study Instance UID,
 * placer and filler numbers, modality): those the order-to-worklist flow left on the Inbound
 * ({@link FlowKeys#PROCEDURES}, which includes the ones RadBridge assigns for EMR orders), else those present
 * in the message (IPC-1..5 for OMI, else OBR-18/19/20/24 and ZDS-1). The ImagingStudy thus carries the worklist's
 * Study Instance UID.
 */
public final class OrderIds {

    private OrderIds() {
    }

    /** The identifiers for one group: one per SPS, in message order (at least one). */
    public static List<ProcedureIds> of(Inbound in, List<Segment> group) {
        List<ProcedureIds> shared = in == null ? null : in.get(FlowKeys.PROCEDURES);
        List<ProcedureIds> fromMessage = fromMessage(group);
        if (shared == null || shared.isEmpty()) {
            return fromMessage;
        }
        List<ProcedureIds> mine = new ArrayList<>();
        ProcedureIds ref = fromMessage.get(0);
        for (ProcedureIds p : shared) {
            if (same(p.placerOrderNumber(), ref.placerOrderNumber()) && same(p.fillerOrderNumber(), ref.fillerOrderNumber())
                    || !blank(ref.placerOrderNumber()) && same(p.placerOrderNumber(), ref.placerOrderNumber())
                    || !blank(ref.fillerOrderNumber()) && same(p.fillerOrderNumber(), ref.fillerOrderNumber())) {
                mine.add(p);
            }
        }
        return mine.isEmpty() ? fromMessage : mine;
    }

    /** What the message itself says, per IPC segment or once per group. */
    static List<ProcedureIds> fromMessage(List<Segment> group) {
        Segment orc = find(group, "ORC");
        Segment obr = find(group, "OBR");
        Segment zds = find(group, "ZDS");
        String placer = first(orc, 2, obr, 2, 1);
        String placerNs = first(orc, 2, obr, 2, 2);
        String filler = first(orc, 3, obr, 3, 1);
        String fillerNs = first(orc, 3, obr, 3, 2);
        List<ProcedureIds> out = new ArrayList<>();
        for (Segment ipc : group) {
            if (ipc.is("IPC")) {
                out.add(new ProcedureIds(nz(ipc.value(3, 1)), nz(ipc.value(1, 1)), nz(ipc.value(1, 2)), nz(ipc.value(2, 1)),
                        nz(ipc.value(4, 1)), nz(placer), nz(placerNs), nz(filler), nz(fillerNs), nz(ipc.value(5, 1)), Set.of()));
            }
        }
        if (out.isEmpty()) {
            out.add(new ProcedureIds(zds == null ? null : nz(zds.value(1, 1)), obr == null ? null : nz(obr.value(18, 1)),
                    null, obr == null ? null : nz(obr.value(19, 1)), obr == null ? null : nz(obr.value(20, 1)), nz(placer),
                    nz(placerNs), nz(filler), nz(fillerNs), obr == null ? null : nz(obr.value(24, 1)), Set.of()));
        }
        return out;
    }

    private static String first(Segment a, int fa, Segment b, int fb, int comp) {
        String v = a == null ? "" : a.value(fa, comp);
        if (v.isEmpty() && b != null && (a == null || a.value(fa, 1).isEmpty())) {
            v = b.value(fb, comp);
        }
        return v;
    }

    private static Segment find(List<Segment> group, String id) {
        for (Segment s : group) {
            if (s.is(id)) {
                return s;
            }
        }
        return null;
    }

    private static String nz(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static boolean same(String a, String b) {
        return blank(a) ? blank(b) : a.equals(b);
    }
}
