package org.radbridge.dicom;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data dictionary (a subset of PS3.6 Tables 6-1, 7-1, 8-1 and E.1-1), read from the same table
 * {@code dictionary.tsv} that {@link Tag} is generated from, so a tag is never typed twice.
 *
 * <p>Tags not in the table resolve as: group length (gggg,0000) UL; private creator (odd group,
 * element 0010-00FF) LO; anything else UN.
 */
public final class Dictionary {

    /** One row of the table. {@code vrs} lists the allowed VRs (e.g. US|SS), the first one is the default. */
    public record Entry(int tag, List<VR> vrs, String vm, String keyword, String name, boolean retired) {
        /** The VR assumed when the stream does not say (implicit VR): the first listed, but OW for OB|OW (PS3.5 A.1). */
        public VR vr() {
            if (vrs.isEmpty()) {
                return VR.UN;
            }
            return vrs.contains(VR.OW) ? VR.OW : vrs.get(0);
        }
    }

    /** Resource path of the attribute table, relative to the classpath root. */
    public static final String TABLE = "org/radbridge/dicom/dictionary.tsv";

    private static final Map<Integer, Entry> BY_TAG;
    private static final Map<String, Entry> BY_KEYWORD;

    static {
        Map<Integer, Entry> byTag = new LinkedHashMap<>();
        Map<String, Entry> byKeyword = new HashMap<>();
        for (String[] row : readTable(TABLE)) {
            Entry e = parse(row);
            byTag.put(e.tag(), e);
            byKeyword.put(e.keyword(), e);
        }
        BY_TAG = Collections.unmodifiableMap(byTag);
        BY_KEYWORD = Collections.unmodifiableMap(byKeyword);
    }

    private Dictionary() {
    }

    /** Parses one row of {@code dictionary.tsv}: tag, VR, VM, keyword, name, retired. */
    public static Entry parse(String[] row) {
        if (row.length < 5) {
            throw new IllegalArgumentException("dictionary row needs 5 columns: " + String.join("|", row));
        }
        int tag = (int) Long.parseLong(row[0], 16);
        List<VR> vrs = new java.util.ArrayList<>();
        if (!row[1].equals("NONE")) {
            for (String v : row[1].split("\\|")) {
                vrs.add(VR.valueOf(v));
            }
        }
        boolean retired = row.length > 5 && row[5].equals("R");
        return new Entry(tag, List.copyOf(vrs), row[2], row[3], row[4], retired);
    }

    /** Reads a tab separated table resource; skips '#' comments and the header row (first cell "tag"/"uid"). */
    public static List<String[]> readTable(String resource) {
        ClassLoader cl = Dictionary.class.getClassLoader();
        try (InputStream in = cl.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return readTable(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a tab separated table; skips '#' comments, blank lines and the header row. */
    public static List<String[]> readTable(InputStream in) throws IOException {
        List<String[]> rows = new java.util.ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        boolean header = true;
        for (String line; (line = r.readLine()) != null; ) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            rows.add(line.split("\t", -1));
        }
        return rows;
    }

    /** The table row for a tag, or null. */
    public static Entry entry(int tag) {
        return BY_TAG.get(tag);
    }

    /** The table row for a keyword (e.g. "PatientName"), or null. */
    public static Entry entry(String keyword) {
        return BY_KEYWORD.get(keyword);
    }

    /** All rows in tag order. */
    public static Iterable<Entry> entries() {
        return BY_TAG.values();
    }

    /** Default VR of a tag (see class comment for tags not in the table). */
    public static VR vrOf(int tag) {
        Entry e = BY_TAG.get(tag);
        if (e != null) {
            return e.vr();
        }
        if ((tag & 0xFFFF) == 0) {
            return VR.UL;
        }
        if (isPrivateCreator(tag)) {
            return VR.LO;
        }
        return VR.UN;
    }

    /** Keyword of a tag, or "" when unknown. */
    public static String keywordOf(int tag) {
        Entry e = BY_TAG.get(tag);
        return e == null ? "" : e.keyword();
    }

    /** Name of a tag, or "" when unknown. */
    public static String nameOf(int tag) {
        Entry e = BY_TAG.get(tag);
        return e == null ? "" : e.name();
    }

    /** Tag of a keyword, or -1 when unknown. */
    public static int tagOf(String keyword) {
        Entry e = BY_KEYWORD.get(keyword);
        return e == null ? -1 : e.tag();
    }

    public static boolean isPrivate(int tag) {
        return ((tag >>> 16) & 1) == 1;
    }

    public static boolean isPrivateCreator(int tag) {
        int el = tag & 0xFFFF;
        return isPrivate(tag) && el >= 0x10 && el <= 0xFF;
    }

    /** "(gggg,eeee)" form of a tag. */
    public static String toString(int tag) {
        return String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
    }
}
