package org.radbridge.worklist.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.radbridge.hl7.Hl7Path;
import org.radbridge.mapping.Mappings;

/**
 * The station routing table (mappings/codes/station-routing.yaml): Scheduled Station AE Title (0040,0001)
 * for orders that name no station (HL7 v2.3.1 has no field for it; mission-anchors.md §2.2 "Outputs the
 * engine must produce"): the first rule whose modality and location match gives the station; "*" matches
 * anything; no match gives the table's default.
 */
public final class StationRouting {

    public static final String FILE = "codes/station-routing.yaml";

    /** One routing rule. */
    public record Rule(String modality, String location, String station) {
        boolean matches(String m, String l) {
            return ("*".equals(modality) || modality.equalsIgnoreCase(m)) && ("*".equals(location) || location.equalsIgnoreCase(l));
        }
    }

    private final Hl7Path locationPath;
    private final List<Rule> rules;
    private final String fallback;

    public StationRouting(Hl7Path locationPath, List<Rule> rules, String fallback) {
        this.locationPath = locationPath;
        this.rules = List.copyOf(rules);
        this.fallback = fallback == null ? "" : fallback;
    }

    public static StationRouting load(Mappings m) {
        if (!m.exists(FILE)) {
            return new StationRouting(Hl7Path.of("PV1-3.1"), List.of(), "");
        }
        JsonNode n = m.yaml(FILE);
        List<Rule> rules = new ArrayList<>();
        for (JsonNode r : n.path("rules")) {
            rules.add(new Rule(r.path("modality").asText("*"), r.path("location").asText("*"), r.path("station").asText("")));
        }
        return new StationRouting(Hl7Path.of(n.path("location").asText("PV1-3.1")), rules, n.path("default").asText(""));
    }

    /** Where the location is read in the message (e.g. PV1-3.1, the point of care). */
    public Hl7Path locationPath() {
        return locationPath;
    }

    /** The station for a modality and location, or the default ("" when none). */
    public String station(String modality, String location) {
        String m = modality == null ? "" : modality;
        String l = location == null ? "" : location;
        for (Rule r : rules) {
            if (r.matches(m, l)) {
                return r.station();
            }
        }
        return fallback;
    }
}
