package org.radbridge.deid.hl7;

/**
 * An HL7 v2 position as profiles write it: {@code SEG-F}, {@code SEG-F.C}, {@code SEG-F.C.S}, with an
 * optional repetition {@code SEG-F(r)}; without one the selector covers every repetition. Numbers follow
 * HL7 v2.5 2.5 (MSH-1 is the field separator). Zero means "whole" (all repetitions / components /
 * subcomponents).
 */
public record Hl7Selector(String segment, int field, int repetition, int component, int subcomponent) {

    public static Hl7Selector parse(String s) {
        String t = s.trim();
        if (t.length() < 5 || t.charAt(3) != '-') {
            throw new IllegalArgumentException("not an HL7 position (SEG-F[(r)][.C[.S]]): " + s);
        }
        String seg = t.substring(0, 3);
        String[] parts = t.substring(4).split("\\.", -1);
        String f = parts[0];
        int rep = 0;
        int paren = f.indexOf('(');
        try {
            if (paren >= 0) {
                rep = Integer.parseInt(f.substring(paren + 1, f.indexOf(')')));
                f = f.substring(0, paren);
            }
            int field = Integer.parseInt(f);
            int comp = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            int sub = parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
            if (parts.length > 3 || field < 1 || rep < 0 || comp < 0 || sub < 0 || (sub > 0 && comp == 0)) {
                throw new IllegalArgumentException("not an HL7 position: " + s);
            }
            return new Hl7Selector(seg, field, rep, comp, sub);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an HL7 position (SEG-F[(r)][.C[.S]]): " + s, e);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(segment).append('-').append(field);
        if (repetition > 0) {
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
