package org.radbridge.deid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.radbridge.deid.text.KnownIdentifiers;
import org.radbridge.hl7.Delimiters;
import org.radbridge.hl7.Hl7Escapes;

/**
 * The leak scanner of the canary tests (deid-anchors.md §6.1): looks for an identifier in raw output in
 * every form it could take — as is and HL7-escaped, in any case; a date as YYYYMMDD, YYYY-MM-DD,
 * MM/DD/YYYY and M/D/YYYY; a telephone number in the usual groupings; a name part, and any value shorter
 * than 6 characters, as a whole word (as the scrubber matches them).
 */
public final class Leaks {

    /** One canary of a fixture's canaries.tsv: value, where it is, its Safe Harbor item, how to look for it. */
    public record Canary(String value, String position, String item, String kind) {
    }

    private Leaks() {
    }

    public static List<Canary> read(Path tsv) throws IOException {
        List<Canary> out = new ArrayList<>();
        for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] c = line.split("\t");
            out.add(new Canary(c[0], c[1], c[2], c.length > 3 ? c[3] : "text"));
        }
        return out;
    }

    /** The forms of an identifier to look for. */
    public static List<String> forms(String value, String kind) {
        List<String> f = new ArrayList<>();
        switch (kind) {
            case "date" -> {
                String y = value.substring(0, 4);
                String m = value.substring(4, 6);
                String d = value.substring(6, 8);
                f.add(value);
                f.add(y + "-" + m + "-" + d);
                f.add(m + "/" + d + "/" + y);
                f.add(Integer.parseInt(m) + "/" + Integer.parseInt(d) + "/" + y);
            }
            case "phone" -> {
                String a = value.substring(0, 3);
                String b = value.substring(3, 6);
                String c = value.substring(6);
                f.add(value);
                f.add(a + "-" + b + "-" + c);
                f.add("(" + a + ") " + b + "-" + c);
                f.add(a + "." + b + "." + c);
                f.add(a + " " + b + " " + c);
                f.add(b + "-" + c);
                f.add(b + c);
            }
            default -> {
                f.add(value);
                String esc = Hl7Escapes.escape(value, Delimiters.STANDARD);
                if (!esc.equals(value)) {
                    f.add(esc);
                }
            }
        }
        return f;
    }

    /** The forms of a canary found in the output (case-insensitive; whole words for kind "word"). */
    public static List<String> find(String output, Canary c) {
        return find(output, c.value(), c.kind());
    }

    public static List<String> find(String output, String value, String kind) {
        List<String> found = new ArrayList<>();
        for (String form : forms(value, kind)) {
            boolean word = kind.equals("word") || kind.equals("text") && value.length() < KnownIdentifiers.SUBSTRING_LENGTH;
            Pattern p = Pattern.compile((word ? "(?<![\\p{L}\\p{N}])" : "") + Pattern.quote(form)
                    + (word ? "(?![\\p{L}\\p{N}])" : ""), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            if (p.matcher(output).find()) {
                found.add(form);
            }
        }
        return found;
    }

    /** Every leak of every canary, one line each ("" when none). */
    public static String report(String output, List<Canary> canaries) {
        StringBuilder sb = new StringBuilder();
        for (Canary c : canaries) {
            List<String> f = find(output, c);
            if (!f.isEmpty()) {
                sb.append("  ").append(c.value()).append(" (").append(c.position()).append(", Safe Harbor ")
                        .append(c.item()).append(") found as ").append(f).append('\n');
            }
        }
        return sb.toString();
    }
}
