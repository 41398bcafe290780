package org.radbridge.deid.fhir;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.radbridge.deid.keys.Identities;

/**
 * Replacement of FHIR resource ids and everything that points at them (FHIR R4 3.1.0.4 References and
 * 2.36.0.3 Bundle resolution): Resource.id, Reference.reference ({@code Type/id}, absolute URLs,
 * {@code urn:uuid:}), Bundle.entry.fullUrl and request.url, and the identifier search parameters of
 * conditional references and {@code ifNoneExist} ({@code Patient?identifier=system|value}), so references
 * inside a de-identified bundle still resolve. UUID-shaped ids map through {@link Identities#uuid} (the
 * same id as its {@code urn:uuid:} fullUrl), other ids to codes of domain "resource-id" keyed by
 * type and id.
 */
final class FhirIds {

    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final Identities ids;
    /** Identifier value (original) -> its domain, from the bundle's Identifier elements. */
    private final Map<String, String> identifierDomains;
    private final String defaultDomain;

    FhirIds(Identities ids, Map<String, String> identifierDomains, String defaultDomain) {
        this.ids = ids;
        this.identifierDomains = identifierDomains;
        this.defaultDomain = defaultDomain;
    }

    String newId(String type, String id) {
        if (id == null || id.isEmpty()) {
            return id;
        }
        if (UUID.matcher(id).matches()) {
            return ids.uuid(id.toLowerCase(java.util.Locale.ROOT));
        }
        return ids.code("resource-id", type + "/" + id);
    }

    /** Any reference-like string: Type/id, URL, urn:uuid:, urn:oid:, a conditional reference or a bare query. */
    String reference(String s) {
        if (s == null || s.isEmpty() || s.startsWith("#")) {
            return s;
        }
        if (s.startsWith("urn:uuid:")) {
            return "urn:uuid:" + ids.uuid(s.substring(9).toLowerCase(java.util.Locale.ROOT));
        }
        if (s.startsWith("urn:oid:")) {
            return "urn:oid:" + ids.uid(s.substring(8));
        }
        int eq = s.indexOf('=');
        int slash = s.indexOf('/');
        int q = s.indexOf('?');
        if (q < 0 && eq > 0 && (slash < 0 || eq < slash)) {
            return query("", s);
        }
        if (q >= 0) {
            String before = s.substring(0, q);
            return before + "?" + query(before.substring(before.lastIndexOf('/') + 1), s.substring(q + 1));
        }
        if (slash < 0) {
            return s;
        }
        String[] parts = s.split("/", -1);
        int hist = -1;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].equals("_history")) {
                hist = i;
            }
        }
        int end = hist > 0 ? hist : parts.length;
        if (end < 2) {
            return s;
        }
        String type = parts[end - 2];
        String id = parts[end - 1];
        if (type.isEmpty() || !Character.isUpperCase(type.charAt(0))) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < end - 1; i++) {
            sb.append(parts[i]).append('/');
        }
        return sb.append(newId(type, id)).toString();
    }

    /** Search parameters: identifier tokens ({@code system|value}) and {@code _id} replaced, others kept. */
    String query(String type, String q) {
        StringBuilder sb = new StringBuilder(q.length());
        for (String p : q.split("&", -1)) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                sb.append(p);
                continue;
            }
            String name = p.substring(0, eq);
            String value = URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8);
            sb.append(name).append('=');
            String[] tokens = value.split(",", -1);
            for (int i = 0; i < tokens.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(token(type, name, tokens[i]));
            }
        }
        return sb.toString();
    }

    private String token(String type, String name, String t) {
        if (name.equals("_id")) {
            return newId(type, t);
        }
        if (!name.contains("identifier")) {
            return t;
        }
        int bar = t.indexOf('|');
        String system = bar >= 0 ? t.substring(0, bar + 1) : "";
        String value = bar >= 0 ? t.substring(bar + 1) : t;
        if (value.isEmpty()) {
            return t;
        }
        if (value.startsWith("urn:oid:")) {
            return system + "urn:oid:" + ids.uid(value.substring(8));
        }
        return system + identifier(identifierDomains.getOrDefault(value, defaultDomain), value);
    }

    /** An identifier value in a domain ("uid" = a DICOM UID). */
    String identifier(String domain, String value) {
        return "uid".equals(domain) ? ids.uid(value) : ids.code(domain, value);
    }
}
