package org.radbridge.fhir.map;

import java.util.ArrayList;
import java.util.List;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Path;
import org.radbridge.hl7.Segment;

/**
 * Where the paths of a rule are looked up: the current segment run (an IPC, or an OBX with its NTEs), then the
 * current order group (ORC/OBR with TQ1, NTE, ZDS, IPC...), then the whole message. A path finds the first segment
 * of its id in the innermost level that has one.
 */
public final class Scope {

    private final Hl7Message message;
    private final List<Segment> group;
    private final List<Segment> local;

    private Scope(Hl7Message message, List<Segment> group, List<Segment> local) {
        this.message = message;
        this.group = group;
        this.local = local;
    }

    public static Scope of(Hl7Message message) {
        return new Scope(message, List.of(), List.of());
    }

    /** The same message narrowed to an order group. */
    public Scope group(List<Segment> segments) {
        return new Scope(message, segments, List.of());
    }

    /** The same group narrowed to a run of segments inside it (an IPC; an OBX and its NTEs). */
    public Scope local(List<Segment> segments) {
        return new Scope(message, group, segments);
    }

    public Hl7Message message() {
        return message;
    }

    public List<Segment> groupSegments() {
        return group;
    }

    public List<Segment> localSegments() {
        return local;
    }

    /** The segment a path reads: innermost level first; null when none has that id. */
    public Segment segment(String id) {
        Segment s = first(local, id);
        if (s == null) {
            s = first(group, id);
        }
        if (s == null) {
            s = message.segment(id);
        }
        return s;
    }

    /**
     * Every segment of an id at the innermost level the scope has (e.g. the NTEs of an order group, or of one OBX):
     * unlike {@link #segment}, never those of an outer level, so an OBX does not take its order's notes.
     */
    public List<Segment> segments(String id) {
        if (!local.isEmpty()) {
            return all(local, id);
        }
        if (!group.isEmpty()) {
            return all(group, id);
        }
        return message.segments(id);
    }

    /** Decoded value of a path ("" when absent). */
    public String value(Hl7Path p) {
        return p.valueIn(segment(p.segment()));
    }

    public String value(String path) {
        return value(Hl7Path.of(path));
    }

    private static Segment first(List<Segment> l, String id) {
        for (Segment s : l) {
            if (s.is(id)) {
                return s;
            }
        }
        return null;
    }

    private static List<Segment> all(List<Segment> l, String id) {
        List<Segment> out = new ArrayList<>(2);
        for (Segment s : l) {
            if (s.is(id)) {
                out.add(s);
            }
        }
        return out;
    }
}
