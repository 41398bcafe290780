package org.radbridge.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Path;
import org.radbridge.mapping.MappingException;
import org.radbridge.mapping.Mappings;

/**
 * The rules of mappings/to-hl7/report-to-emr.yaml: which reports are forwarded (filters on field values,
 * e.g. OBR-25 Result Status), where they go (the first route whose conditions all match, e.g. on MSH-4
 * Sending Facility or OBR-24 Diagnostic Service Section ID), what happens to a report no route takes, and
 * the header fields rewritten for the receiver. Everything else is passed through untouched.
 */
public final class ReportRouting {

    public static final String FILE = "to-hl7/report-to-emr.yaml";

    /** One route: when all conditions hold (path -> accepted values; "*" accepts any value), the destinations. */
    public record Route(Map<String, List<String>> when, List<String> to) {
    }

    /** How a header field is written: "keep", "generate" (MSH-10), "destination.application|facility", or raw text. */
    public record HeaderRule(String path, String value) {
    }

    private final Map<String, List<String>> filters;
    private final List<Route> routes;
    private final String unrouted;
    private final List<HeaderRule> header;

    ReportRouting(Map<String, List<String>> filters, List<Route> routes, boolean rejectUnrouted, List<HeaderRule> header) {
        this(filters, routes, rejectUnrouted ? "reject" : "skip", header);
    }

    ReportRouting(Map<String, List<String>> filters, List<Route> routes, String unrouted, List<HeaderRule> header) {
        this.filters = filters;
        this.routes = routes;
        this.unrouted = unrouted;
        this.header = header;
    }

    public static ReportRouting load(Mappings m, Hl7Destinations destinations) {
        String origin = m.origin(FILE);
        JsonNode root = m.yaml(FILE);
        Map<String, List<String>> filters = conditions(origin, root.path("filters"));
        List<Route> routes = new ArrayList<>();
        for (JsonNode r : root.path("routes")) {
            List<String> to = new ArrayList<>();
            r.path("to").forEach(t -> to.add(t.asText()));
            if (to.isEmpty()) {
                throw new MappingException(origin, "every route needs \"to\" (destination names)");
            }
            to.forEach(t -> destinations.require(origin, t));
            routes.add(new Route(conditions(origin, r.path("when")), List.copyOf(to)));
        }
        String unrouted = root.path("unrouted").asText("reject");
        if (!unrouted.equals("reject") && !unrouted.equals("skip") && !unrouted.equals("hold")) {
            throw new MappingException(origin, "unrouted must be reject, hold or skip, is " + unrouted);
        }
        List<HeaderRule> header = new ArrayList<>();
        root.path("header").fields().forEachRemaining(e -> {
            Hl7Path p = path(origin, e.getKey());
            if (!p.segment().equals("MSH") || p.field() < 3 || p.component() != 0) {
                throw new MappingException(origin, "header may only set whole MSH fields from MSH-3 on, not " + e.getKey());
            }
            String v = e.getValue().asText("");
            if (v.equals("generate") && p.field() != 10) {
                throw new MappingException(origin, "\"generate\" is only for MSH-10, not " + e.getKey());
            }
            header.add(new HeaderRule(e.getKey(), v));
        });
        return new ReportRouting(filters, List.copyOf(routes), unrouted, List.copyOf(header));
    }

    private static Map<String, List<String>> conditions(String origin, JsonNode n) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> {
            path(origin, e.getKey());
            List<String> values = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> values.add(v.asText()));
            } else {
                values.add(e.getValue().asText());
            }
            out.put(e.getKey(), List.copyOf(values));
        });
        return out;
    }

    private static Hl7Path path(String origin, String p) {
        try {
            return Hl7Path.of(p);
        } catch (IllegalArgumentException e) {
            throw new MappingException(origin, e.getMessage());
        }
    }

    /** Null when the report passes the filters, else why not ("OBR-25 is X, not one of [...]"). */
    public String filteredOut(Hl7Message m) {
        for (Map.Entry<String, List<String>> f : filters.entrySet()) {
            if (!matches(m.get(f.getKey()), f.getValue())) {
                return f.getKey() + " is \"" + m.get(f.getKey()) + "\", not one of " + f.getValue();
            }
        }
        return null;
    }

    /** The destinations of the first matching route; empty when none matches. */
    public List<String> destinations(Hl7Message m) {
        for (Route r : routes) {
            boolean all = true;
            for (Map.Entry<String, List<String>> c : r.when().entrySet()) {
                all &= matches(m.get(c.getKey()), c.getValue());
            }
            if (all) {
                return r.to();
            }
        }
        return List.of();
    }

    static boolean matches(String value, List<String> accepted) {
        for (String a : accepted) {
            if (a.equals("*") || a.equalsIgnoreCase(value)) {
                return true;
            }
        }
        return false;
    }

    public boolean rejectUnrouted() {
        return unrouted.equals("reject");
    }

    /** An unrouted report is held (config.Holding) until a route takes it after a reload. */
    public boolean holdUnrouted() {
        return unrouted.equals("hold");
    }

    /** Whether MSH-10 is generated per destination (the default) rather than kept as the sender's. */
    public boolean generateControlId() {
        for (HeaderRule h : header) {
            if (Hl7Path.of(h.path()).field() == 10) {
                return !h.value().equals("keep");
            }
        }
        return true;
    }

    /** The message as {@code dest} receives it: the header rules applied to the received text. */
    public String rewrite(Hl7Message m, Hl7DestinationConfig dest) {
        String text = Hl7Edit.normalize(m.encode());
        for (HeaderRule h : header) {
            int field = Hl7Path.of(h.path()).field();
            String v = h.value();
            String raw;
            if (v.equals("keep") || v.equals("generate")) {
                continue; // MSH-10 is set when the entry is queued
            } else if (v.equals("destination.application")) {
                raw = dest.application().isEmpty() ? null : dest.application(); // HD as HL7 text
            } else if (v.equals("destination.facility")) {
                raw = dest.facility().isEmpty() ? null : dest.facility();
            } else {
                raw = v; // a constant, written as HL7 field text (components separated by the component separator)
            }
            if (raw != null) {
                text = Hl7Edit.setField(text, "MSH", field, raw);
            }
        }
        return text;
    }
}
