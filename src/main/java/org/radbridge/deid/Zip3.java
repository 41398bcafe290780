package org.radbridge.deid;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.TreeSet;
import org.radbridge.mapping.MappingException;
import org.radbridge.mapping.Mappings;

/**
 * The zip3 action of 45 CFR 164.514(b)(2)(i)(B): a US ZIP code reduced to its first three digits, and
 * to "000" when the three-digit area has 20,000 people or fewer. The restricted prefixes are data
 * (mappings/deid/restricted-zip3.yaml) with their source and version, which the audit records. A value
 * that is not a US ZIP code (5 or 9 digits) cannot be generalized safely and is removed.
 */
public final class Zip3 {

    private final Set<String> restricted;
    private final String version;
    private final String source;

    public Zip3(Set<String> restricted, String version, String source) {
        this.restricted = Set.copyOf(restricted);
        this.version = version;
        this.source = source;
    }

    public static Zip3 load(Mappings m, String file) {
        JsonNode n = m.yaml(file);
        Set<String> p = new TreeSet<>();
        for (JsonNode x : n.path("prefixes")) {
            String s = x.asText().trim();
            if (!s.matches("\\d{3}")) {
                throw new MappingException(m.origin(file), "prefix \"" + s + "\" is not three digits (quote it: \"036\")");
            }
            p.add(s);
        }
        if (p.isEmpty() || !n.hasNonNull("version")) {
            throw new MappingException(m.origin(file), "needs a version and a list of prefixes");
        }
        return new Zip3(p, n.get("version").asText(), n.path("source").asText(""));
    }

    /** "12345-6789" -> "123"; a restricted area -> "000"; not a US ZIP code -> "". */
    public String apply(String zip) {
        if (zip == null) {
            return "";
        }
        String z = zip.strip();
        String digits = z.replace("-", "").replace(" ", "");
        if (!(digits.length() == 5 || digits.length() == 9) || !Dates.digits(digits, 0, digits.length())) {
            return "";
        }
        String p = digits.substring(0, 3);
        return restricted.contains(p) ? "000" : p;
    }

    public String version() {
        return version;
    }

    public String source() {
        return source;
    }

    public Set<String> restricted() {
        return restricted;
    }
}
