package org.radbridge.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Segment;
import org.radbridge.order.ProcedureIds;

/**
 * The identifiers an order message carries itself (IHE RAD-4: ORM^O01 v2.3.1 with OBR-18/19/20 and ZDS-1;
 * OMI^O23 v2.5.1 with IPC-1..5, one per IPC), for a status message whose caller gives no {@link ProcedureIds}: placer
 * order number ORC-2 (else OBR-2), filler ORC-3 (else OBR-3), accession IPC-1 / OBR-18, requested
 * procedure IPC-2 / OBR-19, SPS IPC-4 / OBR-20, Study Instance UID IPC-3 / ZDS-1, modality IPC-5 / OBR-24.
 */
final class OrderIds {

    private OrderIds() {
    }

    /** One per IPC segment (OMI^O23: one per scheduled procedure step), else one for the order. */
    static List<ProcedureIds> of(Hl7Message m) {
        List<ProcedureIds> out = new ArrayList<>();
        for (Segment ipc : m.segments("IPC")) {
            out.add(of(m, ipc));
        }
        if (out.isEmpty()) {
            out.add(of(m, null));
        }
        return out;
    }

    private static ProcedureIds of(Hl7Message m, Segment ipc) {
        Segment orc = m.segment("ORC");
        Segment obr = m.segment("OBR");
        Segment zds = m.segment("ZDS");
        String placer = first(v(orc, 2, 1), v(obr, 2, 1));
        String placerNs = !v(orc, 2, 1).isEmpty() ? v(orc, 2, 2) : v(obr, 2, 2);
        String filler = first(v(orc, 3, 1), v(obr, 3, 1));
        String fillerNs = !v(orc, 3, 1).isEmpty() ? v(orc, 3, 2) : v(obr, 3, 2);
        return new ProcedureIds(first(v(ipc, 3, 1), v(zds, 1, 1)), first(v(ipc, 1, 1), v(obr, 18, 1)), v(ipc, 1, 2),
                first(v(ipc, 2, 1), v(obr, 19, 1)), first(v(ipc, 4, 1), v(obr, 20, 1)), placer, placerNs, filler, fillerNs,
                first(v(ipc, 5, 1), v(obr, 24, 1)), Set.of());
    }

    private static String v(Segment s, int field, int comp) {
        return s == null ? "" : s.value(field, comp);
    }

    private static String first(String a, String b) {
        return a.isEmpty() ? b : a;
    }
}
