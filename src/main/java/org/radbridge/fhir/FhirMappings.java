package org.radbridge.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.radbridge.fhir.TransactionBundle.Write;
import org.radbridge.fhir.map.FhirTables;
import org.radbridge.fhir.map.ResourceRules;
import org.radbridge.mapping.MappingException;
import org.radbridge.mapping.Mappings;

/**
 * Everything under mappings/hl7-to-fhir/, read once at start-up (a wrong file stops start-up with its name): the
 * resource rules, the code tables, and per flow how each resource type is written.
 */
public final class FhirMappings {

    public static final String DIR = "hl7-to-fhir/";
    public static final String ORDER = "order-to-fhir";
    public static final String PATIENT = "patient-to-fhir";
    public static final String REPORT = "report-to-fhir";
    public static final String STUDY_AVAILABLE = "study-available";

    private final FhirTables tables;
    private final Map<String, ResourceRules> resources = new LinkedHashMap<>();
    private final Map<String, Map<String, Write>> writes = new LinkedHashMap<>();
    private final Map<String, Map<String, Write>> writesWhenRevoked = new LinkedHashMap<>();

    public FhirMappings(Mappings m) {
        this.tables = new FhirTables(m);
        for (String f : new String[] {"patient", "encounter", "service-request", "imaging-study", "diagnostic-report",
                "observation"}) {
            ResourceRules r = ResourceRules.load(m, DIR + f + ".yaml", tables);
            resources.put(r.resourceType(), r);
        }
        for (String flow : new String[] {ORDER, PATIENT, REPORT, STUDY_AVAILABLE}) {
            JsonNode n = m.yaml(DIR + flow + ".yaml");
            writes.put(flow, writes(m.origin(DIR + flow + ".yaml"), n.path("writes")));
            writesWhenRevoked.put(flow, writes(m.origin(DIR + flow + ".yaml"), n.path("writes-when-revoked")));
        }
    }

    private Map<String, Write> writes(String file, JsonNode n) {
        Map<String, Write> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> {
            try {
                out.put(e.getKey(), Write.of(e.getValue().asText()));
            } catch (IllegalArgumentException ex) {
                throw new MappingException(file, e.getKey() + ": write must be create-if-absent, upsert or merge");
            }
        });
        return out;
    }

    public FhirTables tables() {
        return tables;
    }

    public ResourceRules resource(String type) {
        ResourceRules r = resources.get(type);
        if (r == null) {
            throw new IllegalStateException("no rules for " + type);
        }
        return r;
    }

    /** How a flow writes a resource type; {@code revoked} picks writes-when-revoked where it lists the type. */
    public Write write(String flow, String type, boolean revoked) {
        if (revoked && writesWhenRevoked.get(flow).containsKey(type)) {
            return writesWhenRevoked.get(flow).get(type);
        }
        Write w = writes.get(flow).get(type);
        if (w == null) {
            throw new MappingException(DIR + flow + ".yaml", "writes: no entry for " + type);
        }
        return w;
    }

    /** Does the flow list a write for the type? */
    public boolean writes(String flow, String type) {
        return writes.get(flow).containsKey(type);
    }

    /** The resource types some flow writes with merge (the FHIR destination merges their conditional PUTs). */
    public java.util.Set<String> mergedTypes() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        writes.values().forEach(m -> m.forEach((t, w) -> {
            if (w == Write.MERGE) {
                out.add(t);
            }
        }));
        return out;
    }
}
