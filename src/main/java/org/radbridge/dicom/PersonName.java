package org.radbridge.dicom;

import java.util.Arrays;

/**
 * A PN value (PS3.5 6.2.1): up to three component groups (alphabetic, ideographic, phonetic)
 * separated by '=', each with five components (family, given, middle, prefix, suffix) separated by '^'.
 */
public final class PersonName {

    /** The component groups of PS3.5 6.2.1.1. */
    public enum Group { ALPHABETIC, IDEOGRAPHIC, PHONETIC }

    /** The components of a group, in order. */
    public enum Component { FAMILY, GIVEN, MIDDLE, PREFIX, SUFFIX }

    private final String[][] parts = new String[3][5];

    private PersonName() {
    }

    /** Parses one PN value (not a backslash list). Null or empty gives an empty name. */
    public static PersonName parse(String value) {
        PersonName pn = new PersonName();
        if (value == null) {
            return pn;
        }
        String[] groups = value.split("=", -1);
        for (int g = 0; g < Math.min(3, groups.length); g++) {
            String[] comps = groups[g].split("\\^", -1);
            for (int c = 0; c < Math.min(5, comps.length); c++) {
                String s = comps[c].trim();
                pn.parts[g][c] = s.isEmpty() ? null : s;
            }
        }
        return pn;
    }

    /** Builds a name from the alphabetic components family^given^middle^prefix^suffix. */
    public static PersonName of(String family, String given, String middle, String prefix, String suffix) {
        PersonName pn = new PersonName();
        String[] v = {family, given, middle, prefix, suffix};
        for (int i = 0; i < 5; i++) {
            pn.parts[0][i] = v[i] == null || v[i].isBlank() ? null : v[i].trim();
        }
        return pn;
    }

    public String get(Group g, Component c) {
        return parts[g.ordinal()][c.ordinal()];
    }

    public PersonName set(Group g, Component c, String value) {
        parts[g.ordinal()][c.ordinal()] = value == null || value.isBlank() ? null : value.trim();
        return this;
    }

    /** One group as encoded, trailing empty components dropped, or "" if the group is empty. */
    public String group(Group g) {
        String[] p = parts[g.ordinal()];
        int last = 4;
        while (last >= 0 && p[last] == null) {
            last--;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= last; i++) {
            if (i > 0) {
                sb.append('^');
            }
            if (p[i] != null) {
                sb.append(p[i]);
            }
        }
        return sb.toString();
    }

    public boolean isEmpty() {
        return Arrays.stream(parts).flatMap(Arrays::stream).allMatch(s -> s == null);
    }

    /** The PN value as encoded, trailing empty groups dropped. */
    @Override
    public String toString() {
        String a = group(Group.ALPHABETIC), i = group(Group.IDEOGRAPHIC), p = group(Group.PHONETIC);
        if (!p.isEmpty()) {
            return a + "=" + i + "=" + p;
        }
        if (!i.isEmpty()) {
            return a + "=" + i;
        }
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PersonName pn && pn.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
