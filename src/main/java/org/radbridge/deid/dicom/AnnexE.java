package org.radbridge.deid.dicom;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * DICOM PS3.15 Table E.1-1 (Application Level Confidentiality Profile Attributes, edition 2024b) as the
 * engine uses it: read from {@code annex-e-2024b.tsv}, which is GENERATED from the standard's data
 * (see the test source org.radbridge.deid.gen.AnnexEGenerator) and never typed. For an attribute and a
 * set of options it gives the action code of E.1-1a (X, Z, D, K, C, U or a compound such as X/Z/D).
 */
public final class AnnexE {

    public static final String RESOURCE = "org/radbridge/deid/annex-e-2024b.tsv";
    public static final String EDITION = "2024b";

    /** Basic Application Confidentiality Profile, PS3.16 CID 7050. */
    public static final String BASIC_CODE = "113100";
    public static final String BASIC_MEANING = "Basic Application Confidentiality Profile";

    /** The options of PS3.15 E.3 with their PS3.16 CID 7050 codes and the Table E.1-1 column they use. */
    public enum Option {
        RETAIN_SAFE_PRIVATE("retain-safe-private", "113111", "Retain Safe Private Option", false),
        RETAIN_UIDS("retain-uids", "113110", "Retain UIDs Option", true),
        RETAIN_DEVICE_IDENTITY("retain-device-identity", "113109", "Retain Device Identity Option", true),
        RETAIN_INSTITUTION_IDENTITY("retain-institution-identity", "113112", "Retain Institution Identity Option", true),
        RETAIN_PATIENT_CHARACTERISTICS("retain-patient-characteristics", "113108", "Retain Patient Characteristics Option", true),
        RETAIN_LONGITUDINAL_FULL_DATES("retain-longitudinal-full-dates", "113106",
                "Retain Longitudinal Temporal Information Full Dates Option", true),
        RETAIN_LONGITUDINAL_MODIFIED_DATES("retain-longitudinal-modified-dates", "113107",
                "Retain Longitudinal Temporal Information Modified Dates Option", true),
        CLEAN_DESCRIPTORS("clean-descriptors", "113105", "Clean Descriptors Option", true),
        CLEAN_STRUCTURED_CONTENT("clean-structured-content", "113104", "Clean Structured Content Option", true),
        CLEAN_GRAPHICS("clean-graphics", "113103", "Clean Graphics Option", false);

        private final String key;
        private final String code;
        private final String meaning;
        private final boolean supported;

        Option(String key, String code, String meaning, boolean supported) {
            this.key = key;
            this.code = code;
            this.meaning = meaning;
            this.supported = supported;
        }

        public String key() {
            return key;
        }

        public String code() {
            return code;
        }

        public String meaning() {
            return meaning;
        }

        /** False for options that need pixel, overlay or private-dictionary cleaning RadBridge does not do. */
        public boolean supported() {
            return supported;
        }

        public static Option of(String s) {
            String k = s.trim().toLowerCase(Locale.ROOT);
            for (Option o : values()) {
                if (o.key.equals(k)) {
                    if (!o.supported) {
                        throw new IllegalArgumentException("DICOM option " + k + " is not supported: RadBridge does not clean "
                                + (o == CLEAN_GRAPHICS ? "overlays and graphic annotations" : "private attributes by a safe-private list"));
                    }
                    return o;
                }
            }
            if (k.equals("clean-pixel-data") || k.equals("clean-recognizable-visual-features")) {
                throw new IllegalArgumentException("DICOM option " + k + " is not supported: RadBridge does not alter pixel data");
            }
            throw new IllegalArgumentException("unknown DICOM option \"" + s + "\"");
        }
    }

    /** One row: tag (or mask with X digits), name, basic action, action per option ("" = same as basic). */
    public record Row(String tag, String name, String basic, String[] options) {
        String option(Option o) {
            return options[o.ordinal()];
        }
    }

    private static final AnnexE TABLE = load();

    private final Map<Integer, Row> byTag;
    private final List<Row> masks;
    private final Row privateRow;

    private AnnexE(Map<Integer, Row> byTag, List<Row> masks, Row privateRow) {
        this.byTag = byTag;
        this.masks = masks;
        this.privateRow = privateRow;
    }

    public static AnnexE table() {
        return TABLE;
    }

    private static AnnexE load() {
        Map<Integer, Row> byTag = new HashMap<>();
        List<Row> masks = new ArrayList<>();
        Row priv = null;
        try (InputStream in = AnnexE.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.startsWith("tag\t") || line.isBlank()) {
                    continue;
                }
                String[] c = line.split("\t", -1);
                String[] opts = new String[Option.values().length];
                for (int i = 0; i < opts.length; i++) {
                    opts[i] = 3 + i < c.length ? c[3 + i] : "";
                }
                Row row = new Row(c[0], c[1], c[2], opts);
                if (c[0].equals("private")) {
                    priv = row;
                } else if (c[0].indexOf('X') >= 0) {
                    masks.add(row);
                } else {
                    byTag.put((int) Long.parseLong(c[0], 16), row);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new AnnexE(Collections.unmodifiableMap(byTag), List.copyOf(masks), priv);
    }

    /** The row of a tag (exact, then masks such as 50XXXXXX, then the private row for odd groups), or null. */
    public Row row(int tag) {
        Row r = byTag.get(tag);
        if (r != null) {
            return r;
        }
        if (((tag >>> 16) & 1) == 1) {
            return privateRow;
        }
        String hex = String.format("%08X", tag);
        for (Row m : masks) {
            boolean ok = true;
            for (int i = 0; i < 8 && ok; i++) {
                char c = m.tag().charAt(i);
                ok = c == 'X' || c == hex.charAt(i);
            }
            if (ok) {
                return m;
            }
        }
        return null;
    }

    /**
     * The action code for a row under options: an option's K beats its C, and any option's action beats
     * the Basic Profile's (PS3.15 E.3).
     */
    public static String code(Row row, Set<Option> options) {
        String best = null;
        for (Option o : options) {
            String a = row.option(o);
            if (a.isEmpty()) {
                continue;
            }
            if (best == null || a.equals("K")) {
                best = a;
            }
        }
        return best != null ? best : row.basic();
    }

    public Collection<Row> rows() {
        return byTag.values();
    }

    public int size() {
        return byTag.size() + masks.size() + (privateRow == null ? 0 : 1);
    }
}
