package org.radbridge.deid;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.radbridge.deid.dicom.AnnexE;
import org.radbridge.mapping.MappingException;
import org.radbridge.mapping.Mappings;
import org.radbridge.outbox.OutcomeTable;

/** Reads mappings/deid/targets.yaml (see the file's header); errors name the file and the target. */
public final class Targets {

    public static final String FILE = "deid/targets.yaml";

    private Targets() {
    }

    public static List<Target> load(Mappings m) {
        if (!m.exists(FILE)) {
            return List.of();
        }
        JsonNode root = m.yaml(FILE);
        List<Target> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode n : root.path("targets")) {
            String name = n.path("name").asText("");
            try {
                Target t = target(n, name);
                if (!names.add(t.name())) {
                    throw new IllegalArgumentException("a second target is named " + t.name());
                }
                out.add(t);
            } catch (IllegalArgumentException e) {
                throw new MappingException(m.origin(FILE), "target \"" + name + "\": " + e.getMessage());
            }
        }
        for (Target t : out) {
            if (names.contains(t.source())) {
                throw new MappingException(m.origin(FILE), "target \"" + t.name() + "\": its source " + t.source()
                        + " is itself a de-identified target (copies of copies are not made)");
            }
        }
        return out;
    }

    private static Target target(JsonNode n, String name) {
        if (!name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("name must be lower case letters, digits and dashes");
        }
        String source = n.path("source").asText("");
        String profile = n.path("profile").asText("");
        if (source.isEmpty() || profile.isEmpty()) {
            throw new IllegalArgumentException("needs a source and a profile");
        }
        Set<String> kinds = new LinkedHashSet<>();
        n.path("kinds").forEach(k -> kinds.add(k.asText()));
        List<AnnexE.Option> options = new ArrayList<>();
        n.path("options").forEach(o -> options.add(AnnexE.Option.of(o.asText())));
        String to = n.path("to").asText("folder:outbox/deid/" + name).trim();
        if (to.startsWith("mllp://") && !to.substring(7).matches("[^:/\\s]+:\\d{1,5}")) {
            throw new IllegalArgumentException("to: " + to + " is not mllp://HOST:PORT");
        }
        if (!to.startsWith("mllp://") && !to.startsWith("http://") && !to.startsWith("https://") && !to.startsWith("folder:")) {
            throw new IllegalArgumentException("to must be mllp://HOST:PORT, http(s)://FHIR-BASE or folder:PATH");
        }
        return new Target(name, source, kinds, profile, List.copyOf(options), to,
                OutcomeTable.NakPolicy.of(n.path("on-ae").asText(""), OutcomeTable.NakPolicy.RETRY),
                OutcomeTable.NakPolicy.of(n.path("on-ar").asText(""), OutcomeTable.NakPolicy.DEAD));
    }
}
