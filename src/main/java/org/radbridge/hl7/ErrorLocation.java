package org.radbridge.hl7;

/**
 * Where an error is, as HL7 ERR-2 (ERL, v2.5+) and ERR-1 (ELD, v2.3–2.4) express it. Zero means "not
 * given".
 */
public record ErrorLocation(String segment, int sequence, int field, int repetition, int component,
        int subcomponent) {

    public static ErrorLocation segment(String id, int sequence) {
        return new ErrorLocation(id, sequence, 0, 0, 0, 0);
    }

    public static ErrorLocation field(String id, int field) {
        return new ErrorLocation(id, 1, field, 1, 0, 0);
    }

    /** "PID-3.4" (a field path) or "PID" (a whole segment). */
    public static ErrorLocation of(String path) {
        String p = path.trim();
        if (p.length() == 3) {
            return segment(p, 1);
        }
        return Hl7Path.of(p).location(1);
    }

    /** "PID-3.4" style, for texts. */
    public String describe() {
        StringBuilder sb = new StringBuilder(segment == null ? "?" : segment);
        if (sequence > 1) {
            sb.append('[').append(sequence).append(']');
        }
        if (field > 0) {
            sb.append('-').append(field);
            if (repetition > 1) {
                sb.append('(').append(repetition).append(')');
            }
            if (component > 0) {
                sb.append('.').append(component);
                if (subcomponent > 0) {
                    sb.append('.').append(subcomponent);
                }
            }
        }
        return sb.toString();
    }
}
