package org.radbridge.deid.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.radbridge.deid.Rule;

/**
 * The FHIR R4 part of a profile, compiled: an ordered list of (selector, rule), the first match wins for
 * an element (as in Microsoft's FHIR anonymizer). Selectors:
 * <ul>
 * <li>{@code HumanName}, {@code date}, {@code Reference}, {@code Patient}: every element (or resource) of
 * that FHIR type, wherever it is — in extensions and contained resources too;</li>
 * <li>{@code Patient.birthDate}, {@code Address.postalCode}, {@code Bundle.entry.request.url}: an element
 * path below a resource or data type ({@code *.id}: below any resource); choice elements without
 * {@code [x]} ({@code Observation.value}).</li>
 * </ul>
 * An element no rule selects is kept and its children are visited. Also: the v3-ObservationValue
 * security labels every resource gets (meta.security), and the identifier domain of each
 * Identifier.type code (v2-0203), so a FHIR identifier gets the same replacement as the HL7 v2 and DICOM
 * field it came from.
 */
public final class FhirRules {

    /** One selector, split at dots. */
    record Selector(String[] path, String text) {
        boolean typeOnly() {
            return path.length == 1;
        }
    }

    record Entry(Selector selector, Rule rule) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, String> identifierDomains = new HashMap<>();
    private final Map<String, String> resourceDomains = new HashMap<>();
    private String defaultDomain = "identifier";
    private final Set<String> security = new LinkedHashSet<>();
    private final Set<String> uidSystems = new LinkedHashSet<>();
    private final List<String> keptExtensions = new ArrayList<>();
    private boolean removeOtherExtensions;

    public static FhirRules compile(JsonNode n) {
        FhirRules r = new FhirRules();
        var it = n.path("rules").fields();
        while (it.hasNext()) {
            var e = it.next();
            String sel = e.getKey().trim();
            if (!sel.matches("(\\*|[A-Za-z][A-Za-z0-9]*)(\\.[a-zA-Z][A-Za-z0-9]*)*")) {
                throw new IllegalArgumentException("FHIR selector \"" + sel + "\" is not Type[.element...] or *.element");
            }
            if (sel.equals("*")) {
                throw new IllegalArgumentException("FHIR selector \"*\" alone selects nothing: write *.element");
            }
            Rule rule;
            try {
                rule = Rule.parse(e.getValue().asText());
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("FHIR " + sel + ": " + ex.getMessage(), ex);
            }
            r.entries.add(new Entry(new Selector(sel.split("\\."), sel), rule));
        }
        n.path("identifier-domains").fields().forEachRemaining(e -> r.identifierDomains.put(e.getKey(), e.getValue().asText()));
        n.path("resource-domains").fields().forEachRemaining(e -> r.resourceDomains.put(e.getKey(), e.getValue().asText()));
        if (n.hasNonNull("default-identifier-domain")) {
            r.defaultDomain = n.get("default-identifier-domain").asText();
        }
        n.path("security").forEach(x -> r.security.add(x.asText()));
        n.path("uid-systems").forEach(x -> r.uidSystems.add(x.asText()));
        JsonNode ext = n.path("extensions");
        ext.path("keep").forEach(x -> r.keptExtensions.add(x.asText()));
        String other = ext.path("others").asText("keep");
        if (!other.equals("keep") && !other.equals("remove")) {
            throw new IllegalArgumentException("FHIR extensions.others: keep or remove");
        }
        r.removeOtherExtensions = other.equals("remove");
        return r;
    }

    List<Entry> entries() {
        return entries;
    }

    public List<Rule> rules() {
        List<Rule> l = new ArrayList<>();
        entries.forEach(e -> l.add(e.rule()));
        return l;
    }

    /** The identifier domain for an Identifier: by its type code, else by its resource, else the default. */
    String domain(List<String> typeCodes, String resourceType) {
        for (String c : typeCodes) {
            String d = identifierDomains.get(c);
            if (d != null) {
                return d;
            }
        }
        return resourceDomains.getOrDefault(resourceType, defaultDomain);
    }

    /** Profile-level security labels (v3-ObservationValue codes) added to every resource. */
    Set<String> security() {
        return security;
    }

    /**
     * Is an extension (by its url) visited with the rules, or removed whole? Extensions a profile does not
     * know may carry anything (a nickname, a note): with {@code extensions.others: remove} only those
     * whose url starts with an entry of {@code extensions.keep} stay.
     */
    boolean keepsExtension(String url) {
        if (!removeOtherExtensions) {
            return true;
        }
        for (String k : keptExtensions) {
            if (url != null && url.startsWith(k)) {
                return true;
            }
        }
        return false;
    }

    /** Identifier systems whose values are DICOM UIDs (remapped like (0020,000D)). */
    Set<String> uidSystems() {
        return uidSystems;
    }
}
