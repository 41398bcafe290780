package org.radbridge.fhir;

import java.util.ArrayList;
import java.util.List;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Segment;

/**
 * The order groups of an order or result message: ORM/OMG/OMI ORDER (ORC, then OBR, TQ1, NTE, ZDS, IPC, OBX...)
 * and ORU ORDER_OBSERVATION ([ORC], OBR, NTE, OBX...). A group starts at an ORC, or at an OBR that does not follow
 * its own ORC (ORU without ORC, or a second OBR under one ORC). Segments before the first group are not in any.
 */
public final class OrderGroups {

    private OrderGroups() {
    }

    public static List<List<Segment>> of(Hl7Message m) {
        List<List<Segment>> out = new ArrayList<>();
        List<Segment> cur = null;
        boolean curHasObr = false;
        for (Segment s : m.segments()) {
            if (s.is("ORC")) {
                cur = new ArrayList<>();
                out.add(cur);
                curHasObr = false;
            } else if (s.is("OBR")) {
                if (cur == null || curHasObr) {
                    cur = new ArrayList<>();
                    out.add(cur);
                }
                curHasObr = true;
            }
            if (cur != null) {
                cur.add(s);
            }
        }
        return out;
    }

    /** The runs of a group that start at a segment id (e.g. each OBX with the NTEs after it). */
    public static List<List<Segment>> runs(List<Segment> group, String start) {
        List<List<Segment>> out = new ArrayList<>();
        List<Segment> cur = null;
        for (Segment s : group) {
            if (s.is(start)) {
                cur = new ArrayList<>();
                out.add(cur);
            } else if (cur != null && !s.is("NTE")) {
                cur = null;
            }
            if (cur != null) {
                cur.add(s);
            }
        }
        return out;
    }
}
