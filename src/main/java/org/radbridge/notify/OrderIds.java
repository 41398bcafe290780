package org.radbridge.notify;

import java.util.ArrayList;
import java.util.List;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.order.OrderIdentifiers;
import org.radbridge.order.ProcedureIds;

/**
 * The identifiers an order message carries itself, for a status message whose caller gives no {@link ProcedureIds}:
 * read by {@link OrderIdentifiers} with the paths of mappings/hl7-to-mwl/ (IHE RAD-4: ORM^O01 v2.3.1 with
 * OBR-18/19/20 and ZDS-1; OMI^O23 v2.5.1 with IPC-1..5, one per IPC), an absent one as "" (written as an empty
 * field).
 */
final class OrderIds {

    private OrderIds() {
    }

    /** One per IPC segment (OMI^O23: one per scheduled procedure step), else one for the order. */
    static List<ProcedureIds> of(OrderIdentifiers ids, Hl7Message m) {
        List<ProcedureIds> out = new ArrayList<>();
        for (ProcedureIds p : ids.received(m)) {
            out.add(new ProcedureIds(e(p.studyInstanceUid()), e(p.accessionNumber()), e(p.accessionIssuer()),
                    e(p.requestedProcedureId()), e(p.spsId()), e(p.placerOrderNumber()), e(p.placerIssuer()),
                    e(p.fillerOrderNumber()), e(p.fillerIssuer()), e(p.modality()), p.assigned()));
        }
        return out;
    }

    private static String e(String s) {
        return s == null ? "" : s;
    }
}
