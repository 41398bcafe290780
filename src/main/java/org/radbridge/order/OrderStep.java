package org.radbridge.order;

import java.util.ArrayList;
import java.util.List;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Segment;

/**
 * One Scheduled Procedure Step of an order message (IHE RAD TF-2 Appendix B; mission-anchors.md §2.1):
 * each ORC starts an order group; inside a group each IPC segment is one step (OMI^O23, RAD-4/RAD-13
 * v2.5.1), otherwise each OBR is one (ORM^O01, OMG^O19). A field is looked up in the step's own segments
 * first, then in its order group, then in the segments before the first ORC (MSH, PID, PV1, ...).
 *
 * @param group 1-based number of the order group (ORC) in the message
 * @param stepInGroup 1-based number of the step in its group (the IPC's position; 1 for an OBR step)
 * @param header segments before the first ORC
 * @param groupSegments the ORC and everything up to the next ORC
 * @param stepSegments the IPC, or the OBR and what follows it up to the next OBR of the group
 */
public record OrderStep(int group, int stepInGroup, List<Segment> header, List<Segment> groupSegments,
        List<Segment> stepSegments) {

    /** The steps of an order message in message order; empty when it has no ORC. */
    public static List<OrderStep> of(Hl7Message m) {
        List<Segment> header = new ArrayList<>();
        for (Segment s : m.segments()) {
            if (s.is("ORC")) {
                break;
            }
            header.add(s);
        }
        List<OrderStep> out = new ArrayList<>();
        int g = 0;
        for (List<Segment> group : m.groups("ORC")) {
            g++;
            List<List<Segment>> ipcs = runs(group, "IPC", true);
            if (!ipcs.isEmpty()) {
                for (int i = 0; i < ipcs.size(); i++) {
                    out.add(new OrderStep(g, i + 1, header, group, ipcs.get(i)));
                }
                continue;
            }
            List<List<Segment>> obrs = runs(group, "OBR", false);
            if (obrs.isEmpty()) {
                out.add(new OrderStep(g, 1, header, group, List.of()));
            } else {
                for (List<Segment> obr : obrs) {
                    out.add(new OrderStep(g, 1, header, group, obr));
                }
            }
        }
        return out;
    }

    /** Runs starting at each {@code id} segment: just the segment itself ({@code single}) or up to the next one. */
    private static List<List<Segment>> runs(List<Segment> group, String id, boolean single) {
        List<List<Segment>> out = new ArrayList<>();
        List<Segment> cur = null;
        for (Segment s : group) {
            if (s.is(id)) {
                cur = new ArrayList<>();
                out.add(cur);
                cur.add(s);
            } else if (cur != null && !single && !s.is("ORC")) {
                cur.add(s);
            }
        }
        return out;
    }

    /** The first segment with this id visible from the step (step, then group, then header), or null. */
    public Segment find(String id) {
        Segment s = first(stepSegments, id);
        if (s == null) {
            s = first(groupSegments, id);
        }
        if (s == null) {
            s = first(header, id);
        }
        return s;
    }

    /** The first segment with this id before the first ORC (e.g. the NTE that belongs to the PID), or null. */
    public Segment findInHeader(String id) {
        return first(header, id);
    }

    /** The ORC of the step's group. */
    public Segment orc() {
        return first(groupSegments, "ORC");
    }

    /** The OBR that describes the step's requested procedure (the step's own, or the group's first). */
    public Segment obr() {
        Segment s = first(stepSegments, "OBR");
        return s != null ? s : first(groupSegments, "OBR");
    }

    /** The step's IPC, or null for an ORM/OMG step. */
    public Segment ipc() {
        return first(stepSegments, "IPC");
    }

    private static Segment first(List<Segment> list, String id) {
        for (int i = 0, n = list.size(); i < n; i++) { // the lists are array-backed (RandomAccess)
            Segment s = list.get(i);
            if (s.is(id)) {
                return s;
            }
        }
        return null;
    }
}
