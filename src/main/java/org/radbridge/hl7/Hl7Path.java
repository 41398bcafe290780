package org.radbridge.hl7;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A field path as the mapping files write it: {@code SEG-F}, {@code SEG-F.C}, {@code SEG-F.C.S}, with an
 * optional repetition {@code SEG-F(r).C}. Examples: {@code PID-3.4.1}, {@code OBR-4.2}, {@code PID-3(2).1}.
 * Paths are parsed once and cached.
 */
public record Hl7Path(String segment, int field, int repetition, int component, int subcomponent) {

    private static final Map<String, Hl7Path> CACHE = new ConcurrentHashMap<>();

    public static Hl7Path of(String path) {
        Hl7Path p = CACHE.get(path);
        if (p == null) {
            p = parse(path);
            CACHE.putIfAbsent(path, p);
        }
        return p;
    }

    private static Hl7Path parse(String path) {
        String s = path.trim();
        int dash = s.indexOf('-');
        if (dash != 3) {
            throw new IllegalArgumentException("Not an HL7 path (expected SEG-F[.C[.S]]): " + path);
        }
        String seg = s.substring(0, 3);
        String rest = s.substring(4);
        int rep = 1;
        String[] parts = rest.split("\\.");
        String f = parts[0];
        int paren = f.indexOf('(');
        if (paren >= 0) {
            rep = Integer.parseInt(f.substring(paren + 1, f.indexOf(')')));
            f = f.substring(0, paren);
        }
        try {
            int field = Integer.parseInt(f);
            int comp = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            int sub = parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
            if (parts.length > 3 || field < 1) {
                throw new IllegalArgumentException("Not an HL7 path: " + path);
            }
            return new Hl7Path(seg, field, rep, comp, sub);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not an HL7 path (numbers expected): " + path, e);
        }
    }

    /** Decoded value in a segment; a path without component reads the first component. */
    public String valueIn(Segment s) {
        if (s == null) {
            return "";
        }
        return s.value(field, repetition, component == 0 ? 1 : component, subcomponent);
    }

    /** Raw (escaped) text of this path in a segment; a path without component reads the whole field. */
    public String rawIn(Segment s) {
        if (s == null) {
            return "";
        }
        return s.raw(field, repetition, component, subcomponent);
    }

    /** True if the raw text of this path in a segment is HL7's explicit null {@code ""} (v2.5 2.5.3), without copying it. */
    public boolean isNullIn(Segment s) {
        return s != null && s.rawEquals("\"\"", field, repetition, component, subcomponent);
    }

    /** Location in ERR-2 (ERL) order: segment, sequence, field, repetition, component, subcomponent. */
    public ErrorLocation location(int segmentSequence) {
        return new ErrorLocation(segment, segmentSequence, field, repetition, component, subcomponent);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(segment).append('-').append(field);
        if (repetition != 1) {
            sb.append('(').append(repetition).append(')');
        }
        if (component > 0) {
            sb.append('.').append(component);
        }
        if (subcomponent > 0) {
            sb.append('.').append(subcomponent);
        }
        return sb.toString();
    }
}
