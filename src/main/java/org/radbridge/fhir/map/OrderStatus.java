package org.radbridge.fhir.map;

import org.radbridge.mapping.CodeTable;

/**
 * ServiceRequest.status from ORC-1 Order Control and ORC-5 Order Status (codes/order-status.yaml). The IG uses
 * ORC-5 when valued, else ORC-1, and maps ORC-1 CA to active (a cancel request awaiting CR). RadBridge receives
 * cancels from the filler as facts (IHE RAD-13, dcm4chee and the worklist treat CA as cancelled), so an ORC-1 of
 * the "final-control" table decides first: CA with any ORC-5 gives revoked (docs/fhir.md, deviations).
 */
public final class OrderStatus {

    private OrderStatus() {
    }

    public static String of(String orc1, String orc5, CodeTable finalControl, CodeTable orderStatus, CodeTable control) {
        String c = orc1 == null ? "" : orc1.trim();
        String s = orc5 == null ? "" : orc5.trim();
        if (!c.isEmpty() && finalControl.contains(c)) {
            return finalControl.lookup(c);
        }
        if (!s.isEmpty() && orderStatus.contains(s)) {
            return orderStatus.lookup(s);
        }
        return control.lookup(c.isEmpty() ? null : c);
    }

    /** ServiceRequest.authoredOn only for a new order (IG: ORC-9 if ORC-1 = NW, or SN for a filler's new order). */
    public static boolean isNewOrder(String orc1) {
        return "NW".equals(orc1) || "SN".equals(orc1);
    }
}
