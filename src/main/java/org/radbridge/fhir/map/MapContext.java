package org.radbridge.fhir.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.radbridge.fhir.TransactionBundle;
import org.radbridge.mapping.CodeTable;
import org.radbridge.mapping.Hl7Peer;
import org.radbridge.order.ProcedureIds;

/**
 * What the conversions of one message share: the sender, its time zone, the code tables and identifier systems,
 * the Bundle being built (conversions add Practitioners to it), references to the resources already in it, and
 * the order being mapped (its identifiers and scheduled procedure). Not thread-safe: one per message.
 */
public final class MapContext {

    private final Hl7Peer peer;
    private final ZoneId zone;
    private final FhirTables tables;
    private final TransactionBundle bundle;
    private final TransactionBundle.Write practitionerWrite;
    private final Map<String, JsonNode> refs = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private OrderIdentity order;
    private ProcedureIds procedure;
    private String studyStatus = "registered";

    public MapContext(Hl7Peer peer, ZoneId zone, FhirTables tables, TransactionBundle bundle,
            TransactionBundle.Write practitionerWrite) {
        this.peer = peer;
        this.zone = zone;
        this.tables = tables;
        this.bundle = bundle;
        this.practitionerWrite = practitionerWrite;
    }

    public Hl7Peer peer() {
        return peer;
    }

    public ZoneId zone() {
        return zone;
    }

    public FhirTables tables() {
        return tables;
    }

    public IdentifierSystems identifierSystems() {
        return tables.identifierSystems();
    }

    public CodeTable table(String name) {
        return tables.table(name);
    }

    public TransactionBundle bundle() {
        return bundle;
    }

    public TransactionBundle.Write practitionerWrite() {
        return practitionerWrite;
    }

    /** A reference to a resource of the Bundle by role (patient, encounter, service-request...), or null. */
    public JsonNode ref(String role) {
        return refs.get(role);
    }

    public void ref(String role, JsonNode reference) {
        if (reference == null) {
            refs.remove(role);
        } else {
            refs.put(role, reference);
        }
    }

    /** {"reference": "urn:uuid:..."}. */
    public static ObjectNode reference(String fullUrl) {
        ObjectNode r = FhirJson.object();
        r.put("reference", fullUrl);
        return r;
    }

    public void warn(String w) {
        if (!warnings.contains(w)) {
            warnings.add(w);
        }
    }

    /** Notes for the journal entry: ids of things and field names only, never patient data. */
    public List<String> warnings() {
        return warnings;
    }

    public OrderIdentity order() {
        return order;
    }

    public void order(OrderIdentity o) {
        this.order = o;
    }

    public ProcedureIds procedure() {
        return procedure;
    }

    public void procedure(ProcedureIds p) {
        this.procedure = p;
    }

    public String studyStatus() {
        return studyStatus;
    }

    public void studyStatus(String s) {
        this.studyStatus = s;
    }
}
