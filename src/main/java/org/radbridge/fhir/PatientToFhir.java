package org.radbridge.fhir;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.radbridge.fhir.map.Field;
import org.radbridge.fhir.map.FhirJson;
import org.radbridge.fhir.map.Identifiers;
import org.radbridge.fhir.map.MapContext;
import org.radbridge.fhir.map.Scope;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Path;
import org.radbridge.hl7.Segment;
import org.radbridge.intake.Inbound;
import org.radbridge.intake.JournalKeys;
import org.radbridge.mapping.Hl7Peer;

/**
 * patient-to-fhir (IHE RAD-12): ADT^A08 / A31 update the Patient with the elements present in PID (a merge: what
 * PID does not carry stays as it is); ADT^A40 links each surviving Patient (PID) and merged Patient (MRG-1): the
 * survivor "replaces" the merged one, which becomes inactive and "replaced-by" the survivor (FHIR R4 Patient.link,
 * patient.html#links); ADT^A47 changes an identifier: the Patient found by MRG-1 gets the PID-3 identifier in its
 * place.
 */
public final class PatientToFhir extends FhirMapper {

    public PatientToFhir(FhirMappings mappings, ZoneId defaultZone) {
        super(mappings, defaultZone, FhirMappings.PATIENT);
    }

    @Override
    public Mapped map(Hl7Message m, Hl7Peer peer, Inbound in) {
        TransactionBundle bundle = new TransactionBundle();
        MapContext ctx = context(peer, bundle);
        String event = m.triggerEvent();
        if (event.equals("A40") || event.equals("A47")) {
            String key = null;
            for (List<Segment> pair : pairs(m)) {
                String k = event.equals("A40") ? merge(m, pair, ctx) : changeIdentifier(m, pair, ctx);
                key = key == null ? k : key;
            }
            if (key == null) {
                throw Hl7Error.content(Hl7Error.Code.SEGMENT_SEQUENCE, null, "no PID/MRG pair");
            }
            return finish(m, ctx, key);
        }
        String key = patient(Scope.of(m), ctx, m.segment("PID"));
        return finish(m, ctx, key);
    }

    /** The PATIENT groups of an A40/A47: each PID with the MRG after it. */
    static List<List<Segment>> pairs(Hl7Message m) {
        List<List<Segment>> out = new ArrayList<>();
        List<Segment> cur = null;
        for (Segment s : m.segments()) {
            if (s.is("PID")) {
                cur = new ArrayList<>();
                out.add(cur);
            }
            if (cur != null && (s.is("PID") || s.is("MRG") || s.is("PD1") || s.is("PV1"))) {
                cur.add(s);
            }
        }
        out.removeIf(g -> g.stream().noneMatch(s -> s.is("MRG")));
        return out;
    }

    /** A40: survivor (PID) replaces the merged Patient (MRG-1), which is made inactive. */
    private String merge(Hl7Message m, List<Segment> pair, MapContext ctx) {
        Scope scope = Scope.of(m).group(pair);
        ObjectNode survivor = mappings.resource("Patient").build(scope, ctx);
        String survivorCond = condition(survivor, "PID-3");
        ObjectNode merged = FhirJson.object();
        merged.put("resourceType", "Patient");
        ArrayNode mergedIds = Identifiers.fromCx(Field.of(scope, Hl7Path.of("MRG-1")), Hl7Path.of("MRG-1"), "patient", null, ctx);
        merged.set("identifier", mergedIds);
        String mergedCond = condition(merged, "MRG-1");
        merged.put("active", false);
        String survivorUrl = TransactionBundle.fullUrl("Patient", survivorCond);
        String mergedUrl = TransactionBundle.fullUrl("Patient", mergedCond);
        survivor.set("link", FhirJson.array().add(link(mergedUrl, "replaces")));
        merged.set("link", FhirJson.array().add(link(survivorUrl, "replaced-by")));
        ctx.bundle().add(survivor, write("Patient", false), survivorCond);
        ctx.bundle().add(merged, write("Patient", false), mergedCond);
        Segment pid = pair.get(0);
        return JournalKeys.patientKey(pid.value(3, 1, 1, 0), pid.value(3, 1, 4, 1));
    }

    /** A47: the Patient found by MRG-1 takes the PID's identifiers (and the PID's other elements). */
    private String changeIdentifier(Hl7Message m, List<Segment> pair, MapContext ctx) {
        Scope scope = Scope.of(m).group(pair);
        ObjectNode patient = mappings.resource("Patient").build(scope, ctx);
        condition(patient, "PID-3");
        ObjectNode old = FhirJson.object();
        old.set("identifier", Identifiers.fromCx(Field.of(scope, Hl7Path.of("MRG-1")), Hl7Path.of("MRG-1"), "patient", null, ctx));
        ctx.bundle().add(patient, write("Patient", false), condition(old, "MRG-1"));
        Segment pid = pair.get(0);
        return JournalKeys.patientKey(pid.value(3, 1, 1, 0), pid.value(3, 1, 4, 1));
    }

    private static String condition(ObjectNode patient, String path) {
        String c = firstIdentifierCondition(patient);
        if (c == null) {
            throw Hl7Error.content(Hl7Error.Code.REQUIRED_FIELD_MISSING, path, path + " has no patient identifier");
        }
        return c;
    }

    private static ObjectNode link(String url, String type) {
        ObjectNode l = FhirJson.object();
        l.set("other", MapContext.reference(url));
        l.put("type", type);
        return l;
    }
}
