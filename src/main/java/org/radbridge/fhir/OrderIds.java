package org.radbridge.fhir;

import java.util.ArrayList;
import java.util.List;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Segment;
import org.radbridge.intake.FlowKeys;
import org.radbridge.intake.Inbound;
import org.radbridge.order.OrderIdentifiers;
import org.radbridge.order.ProcedureIds;

/**
 * The procedure identifiers of an order group (accession, requested procedure ID, SPS ID, Study Instance UID,
 * placer and filler numbers, modality): those the order-to-worklist flow left on the Inbound
 * ({@link FlowKeys#PROCEDURES}, which includes the ones RadBridge assigns for EMR orders), else those present
 * in the message, read by {@link OrderIdentifiers} with the paths of mappings/hl7-to-mwl/ (IPC-1..5 for OMI, else
 * OBR-18/19/20/24 and ZDS-1, unless a site overlay moves them). The ImagingStudy thus carries the worklist's Study
 * Instance UID.
 */
public final class OrderIds {

    private OrderIds() {
    }

    /** The identifiers for one group: one per SPS, in message order (at least one). */
    public static List<ProcedureIds> of(Inbound in, Hl7Message m, List<Segment> group) {
        List<ProcedureIds> shared = in == null ? null : in.get(FlowKeys.PROCEDURES);
        List<ProcedureIds> fromMessage = fromMessage(in, m, group);
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

    /** What the message itself says, per IPC segment or once per group, read by the message's identifier reader. */
    static List<ProcedureIds> fromMessage(Inbound in, Hl7Message m, List<Segment> group) {
        return (in == null ? OrderIdentifiers.packaged() : in.identifiers()).received(m.messageType(), group);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static boolean same(String a, String b) {
        return blank(a) ? blank(b) : a.equals(b);
    }
}
