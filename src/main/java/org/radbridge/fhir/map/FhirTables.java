package org.radbridge.fhir.map;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.radbridge.mapping.CodeTable;
import org.radbridge.mapping.MappingException;
import org.radbridge.mapping.Mappings;

/**
 * The code tables of mappings/hl7-to-fhir/codes/ (loaded on first use, kept), the sections of order-status.yaml,
 * and the identifier systems of mappings/codes/identifier-systems.yaml.
 */
public final class FhirTables {

    public static final String DIR = "hl7-to-fhir/codes/";

    private final Mappings mappings;
    private final Map<String, CodeTable> tables = new ConcurrentHashMap<>();
    private final IdentifierSystems identifierSystems;
    private final CodeTable orderStatusFinal;
    private final CodeTable orderStatus;
    private final CodeTable orderControl;

    public FhirTables(Mappings mappings) {
        this.mappings = mappings;
        this.identifierSystems = new IdentifierSystems(CodeTable.load(mappings, IdentifierSystems.FILE));
        JsonNode os = mappings.yaml(DIR + "order-status.yaml");
        this.orderStatusFinal = section(os, "final-control");
        this.orderStatus = section(os, "order-status");
        this.orderControl = section(os, "control");
    }

    private static CodeTable section(JsonNode file, String name) {
        JsonNode n = file.path(name);
        if (!n.isObject()) {
            throw new MappingException(DIR + "order-status.yaml", "section " + name + " is missing");
        }
        Map<String, String> m = new LinkedHashMap<>();
        String[] def = {null};
        n.fields().forEachRemaining(e -> {
            if (e.getKey().equals("default")) {
                def[0] = e.getValue().asText();
            } else {
                m.put(e.getKey(), e.getValue().asText());
            }
        });
        return new CodeTable(DIR + "order-status.yaml#" + name, m, def[0]);
    }

    /** codes/&lt;name&gt;.yaml; a missing file stops start-up with its name. */
    public CodeTable table(String name) {
        return tables.computeIfAbsent(name, n -> CodeTable.load(mappings, DIR + n + ".yaml"));
    }

    /** Loads every table a rule names now, so a typo stops start-up rather than a message. */
    public void check(String name) {
        try (InputStream in = mappings.open(DIR + name + ".yaml")) {
            if (in == null) {
                throw new MappingException(DIR + name + ".yaml", "code table not found");
            }
        } catch (IOException e) {
            throw new MappingException(DIR + name + ".yaml", e.getMessage());
        }
        table(name);
    }

    public IdentifierSystems identifierSystems() {
        return identifierSystems;
    }

    public CodeTable orderStatusFinal() {
        return orderStatusFinal;
    }

    public CodeTable orderStatus() {
        return orderStatus;
    }

    public CodeTable orderControl() {
        return orderControl;
    }
}
