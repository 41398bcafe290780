package org.radbridge.worklist;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.radbridge.hl7.AckCode;
import org.radbridge.hl7.ErrorLocation;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.mapping.MappingException;
import org.radbridge.mapping.Mappings;

/**
 * The order control table (mappings/codes/order-control.yaml; mission-anchors.md §2.3): ORC-1 order control
 * and ORC-5 order status to the SPS Status (0040,0020), keyed "ORC1_ORC5" with "NW_" for an empty ORC-5,
 * and which order controls may create an order. An unlisted combination is refused (AE 103, naming
 * ORC-1 and ORC-5) and changes nothing.
 */
public final class OrderControl {

    public static final String FILE = "codes/order-control.yaml";

    private final Map<String, String> status;
    private final Set<String> creates;

    public OrderControl(Map<String, String> status, Set<String> creates) {
        this.status = Map.copyOf(status);
        this.creates = Set.copyOf(creates);
    }

    public static OrderControl load(Mappings m) {
        JsonNode n = m.yaml(FILE);
        Map<String, String> st = new LinkedHashMap<>();
        n.path("status").fields().forEachRemaining(e -> {
            String v = e.getValue().asText();
            try {
                st.put(e.getKey().toUpperCase(Locale.ROOT), SpsStatus.of(v));
            } catch (IllegalArgumentException ex) {
                throw new MappingException(m.origin(FILE), e.getKey() + ": " + ex.getMessage());
            }
            if (e.getKey().indexOf('_') < 0) {
                throw new MappingException(m.origin(FILE), "key " + e.getKey() + " must be ORC1_ORC5 (e.g. NW_SC, or NW_ for an empty ORC-5)");
            }
        });
        Set<String> creates = new HashSet<>();
        n.path("creates").forEach(x -> creates.add(x.asText().toUpperCase(Locale.ROOT)));
        if (st.isEmpty()) {
            throw new MappingException(m.origin(FILE), "has no status entries");
        }
        return new OrderControl(st, creates);
    }

    /** The SPS status for ORC-1/ORC-5 of order group {@code group} (1-based); AE 103 if not in the table. */
    public String status(String orc1, String orc5, int group) {
        String key = orc1.trim().toUpperCase(Locale.ROOT) + "_" + orc5.trim().toUpperCase(Locale.ROOT);
        String s = status.get(key);
        if (s == null) {
            throw new Hl7Error(AckCode.AE, Hl7Error.Code.TABLE_VALUE_NOT_FOUND, new ErrorLocation("ORC", group, 1, 1, 0, 0),
                    "order control ORC-1 '" + orc1 + "' with order status ORC-5 '" + orc5 + "' is not in "
                            + "mappings/" + FILE + ": nothing was changed");
        }
        return s;
    }

    /** True if this ORC-1 may create an order (NW); other order controls need an existing order. */
    public boolean creates(String orc1) {
        return creates.contains(orc1.trim().toUpperCase(Locale.ROOT));
    }
}
