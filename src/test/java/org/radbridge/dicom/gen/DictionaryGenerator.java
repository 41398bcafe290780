package org.radbridge.dicom.gen;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.radbridge.dicom.Dictionary;

/**
 * Generates {@code Tag.java} and {@code UID.java} from {@code dictionary.tsv} and {@code uids.tsv}
 * (src/main/resources/org/radbridge/dicom/). Output is deterministic (table order, LF line ends), so the
 * committed files can be compared byte for byte by {@code GeneratedSourcesTest}.
 *
 * <p>Run: {@code mvn -o -q test -Dtest=GeneratedSourcesTest -Ddicom.regenerate=true}.
 */
public final class DictionaryGenerator {

    public static final String RES_DIR = "src/main/resources/org/radbridge/dicom/";
    public static final String SRC_DIR = "src/main/java/org/radbridge/dicom/";

    private DictionaryGenerator() {
    }

    public static String generateTag(List<String[]> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("package org.radbridge.dicom;\n\n");
        sb.append("/**\n * Attribute tags by keyword (PS3.6). GENERATED from dictionary.tsv by\n");
        sb.append(" * org.radbridge.dicom.gen.DictionaryGenerator (test sources): do not edit, edit the table.\n */\n");
        sb.append("public final class Tag {\n\n    private Tag() {\n    }\n");
        for (String[] row : rows) {
            Dictionary.Entry e = Dictionary.parse(row);
            sb.append("\n    /** ").append(Dictionary.toString(e.tag())).append(' ').append(row[1])
                    .append(' ').append(e.vm()).append(' ').append(escape(e.name()))
                    .append(e.retired() ? " (retired)" : "").append(" */\n");
            sb.append("    public static final int ").append(e.keyword()).append(" = 0x")
                    .append(String.format("%08X", e.tag())).append(";\n");
        }
        sb.append("}\n");
        return sb.toString();
    }

    public static String generateUid(List<String[]> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("package org.radbridge.dicom;\n\n");
        sb.append("/**\n * UIDs by keyword (PS3.6 Annex A). GENERATED from uids.tsv by\n");
        sb.append(" * org.radbridge.dicom.gen.DictionaryGenerator (test sources): do not edit, edit the table.\n */\n");
        sb.append("public final class UID {\n\n    private UID() {\n    }\n");
        for (String[] row : rows) {
            if (row.length < 4) {
                throw new IllegalArgumentException("uid row needs 4 columns: " + String.join("|", row));
            }
            sb.append("\n    /** ").append(escape(row[2])).append(" (").append(escape(row[3])).append(")")
                    .append(row.length > 4 && row[4].equals("R") ? " (retired)" : "").append(" */\n");
            sb.append("    public static final String ").append(row[1]).append(" = \"").append(row[0]).append("\";\n");
        }
        sb.append("}\n");
        return sb.toString();
    }

    private static String escape(String s) {
        return s.replace("*/", "* /").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    public static List<String[]> read(Path projectDir, String table) throws IOException {
        try (InputStream in = Files.newInputStream(projectDir.resolve(RES_DIR + table))) {
            return Dictionary.readTable(in);
        }
    }

    /** Writes Tag.java and UID.java under {@code projectDir} (default: current directory). */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        Files.writeString(dir.resolve(SRC_DIR + "Tag.java"), generateTag(read(dir, "dictionary.tsv")), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(SRC_DIR + "UID.java"), generateUid(read(dir, "uids.tsv")), StandardCharsets.UTF_8);
    }
}
