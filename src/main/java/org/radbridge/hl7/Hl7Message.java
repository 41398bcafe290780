package org.radbridge.hl7;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed HL7 v2 message: its segments in order, its delimiters, and what looked wrong while reading it
 * (lines that are not segments). Field access is by {@link Hl7Path} ("PID-3.4.1") or through
 * {@link Segment}. Built by {@link Hl7Parser}; immutable.
 */
public final class Hl7Message {

    private final List<Segment> segments;
    private final Delimiters delimiters;
    private final List<String> problems;
    private final List<Integer> problemLines;
    private final Map<String, List<Segment>> byId = new HashMap<>();
    private final Segment first;
    private final boolean batch;
    /** MSH-9 as "CODE^EVENT", read once (every flow asks for it). */
    private String messageType;

    Hl7Message(List<Segment> segments, Delimiters delimiters, List<String> problems, List<Integer> problemLines) {
        this.segments = Collections.unmodifiableList(segments);
        for (Segment s : segments) {
            byId.computeIfAbsent(s.id(), k -> new ArrayList<>(1)).add(s);
        }
        this.delimiters = delimiters;
        this.problems = Collections.unmodifiableList(problems);
        this.problemLines = Collections.unmodifiableList(problemLines);
        this.first = segments.isEmpty() ? null : segments.get(0);
        this.batch = first != null && (first.is("FHS") || first.is("BHS"));
    }

    public List<Segment> segments() {
        return segments;
    }

    public Delimiters delimiters() {
        return delimiters;
    }

    /** Lines that were not segments (e.g. a hard-wrapped field); empty for a well-formed message. */
    public List<String> problems() {
        return problems;
    }

    public List<Integer> problemLines() {
        return problemLines;
    }

    public Segment msh() {
        return first;
    }

    /** First segment with this id, or null (constant time: segments are indexed by id once). */
    public Segment segment(String id) {
        List<Segment> l = byId.get(id);
        return l == null ? null : l.get(0);
    }

    public List<Segment> segments(String id) {
        List<Segment> l = byId.get(id);
        return l == null ? new ArrayList<>(2) : new ArrayList<>(l);
    }

    public boolean has(String id) {
        return segment(id) != null;
    }

    /** Decoded value at a path in the first segment with that id; "" when absent. */
    public String get(String path) {
        Hl7Path p = Hl7Path.of(path);
        return p.valueIn(segment(p.segment()));
    }

    /**
     * Runs of segments, each starting at a segment whose id is {@code start} and ending before the next
     * one (e.g. the order groups of an ORM: start "ORC"). Segments before the first start are not included.
     */
    public List<List<Segment>> groups(String start) {
        List<List<Segment>> out = new ArrayList<>();
        List<Segment> cur = null;
        for (Segment s : segments) {
            if (s.is(start)) {
                cur = new ArrayList<>();
                out.add(cur);
            }
            if (cur != null) {
                cur.add(s);
            }
        }
        return out;
    }

    // ---- MSH header ----

    /** True when the message starts with a batch header (FHS or BHS, HL7 v2.5 2.10.3 "Batch protocol"). */
    public boolean isBatch() {
        return batch;
    }

    /** The MSH of the message; for a batch its first MSH, or null when it holds none. */
    private Segment header() {
        return isBatch() ? segment("MSH") : msh();
    }

    /** MSH-9.1; for a batch the id of its header segment ("FHS" or "BHS"). */
    public String messageCode() {
        return isBatch() ? msh().id() : msh().value(9, 1);
    }

    /** MSH-9.2 ("" for a batch). */
    public String triggerEvent() {
        return isBatch() ? "" : msh().value(9, 2);
    }

    /** MSH-9.3. */
    public String messageStructure() {
        return isBatch() ? "" : msh().value(9, 3);
    }

    /** "ORM^O01" (code^trigger), or just the code when no trigger is given. */
    public String messageType() {
        String type = messageType;
        if (type == null) {
            String t = triggerEvent();
            type = t.isEmpty() ? messageCode() : messageCode() + "^" + t;
            messageType = type; // a String: safe to publish through a race, at worst computed twice
        }
        return type;
    }

    /**
     * MSH-10; for a batch what identifies it: the file control id FHS-11, else the batch control id BHS-11,
     * else the first MSH-10.
     */
    public String controlId() {
        if (!isBatch()) {
            return msh().value(10);
        }
        for (String id : new String[] {"FHS", "BHS"}) {
            Segment h = segment(id);
            if (h != null && !h.value(11).isEmpty()) {
                return h.value(11);
            }
        }
        Segment m = segment("MSH");
        return m == null ? "" : m.value(10);
    }

    /** MSH-11.1. */
    public String processingId() {
        Segment h = header();
        return h == null ? "" : h.value(11, 1);
    }

    /** MSH-12.1. */
    public String version() {
        Segment h = header();
        return h == null ? "" : h.value(12, 1);
    }

    /** MSH-3 as received (all components). */
    public String sendingApplication() {
        return msh().field(3);
    }

    /** MSH-4 as received (all components). */
    public String sendingFacility() {
        return msh().field(4);
    }

    public String receivingApplication() {
        return msh().field(5);
    }

    public String receivingFacility() {
        return msh().field(6);
    }

    /** MSH-15 accept acknowledgement type. */
    public String acceptAckType() {
        return msh().value(15);
    }

    /** MSH-16 application acknowledgement type. */
    public String applicationAckType() {
        return msh().value(16);
    }

    /** MSH-18 (first repetition). */
    public String characterSet() {
        return msh().value(18);
    }

    /** The message as text with CR segment separators. */
    public String encode() {
        StringBuilder sb = new StringBuilder();
        for (Segment s : segments) {
            sb.append(s.text()).append('\r');
        }
        return sb.toString();
    }
}
