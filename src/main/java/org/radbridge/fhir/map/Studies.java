package org.radbridge.fhir.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.radbridge.hl7.Hl7Path;
import org.radbridge.order.ProcedureIds;

/**
 * ImagingStudy identifiers and modality, and Observation identifiers. FHIR R4 ImagingStudy: "the Study Instance UID
 * ... identifier system urn:dicom:uid, value urn:oid:&lt;uid&gt;"; the accession number as an ACSN identifier.
 */
public final class Studies {

    public static final String DICOM_UID = "urn:dicom:uid";
    public static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";

    private static final Hl7Path OBX_3_1 = Hl7Path.of("OBX-3.1");
    private static final Hl7Path OBX_4 = Hl7Path.of("OBX-4");

    private Studies() {
    }

    /** The study's identifier: urn:dicom:uid | urn:oid:&lt;Study Instance UID (0020,000D)&gt;. */
    public static ObjectNode studyUid(String uid) {
        ObjectNode id = FhirJson.object();
        id.put("system", DICOM_UID);
        id.put("value", "urn:oid:" + uid);
        return id;
    }

    /** The search token of a study (its condition in the Bundle). */
    public static String token(String uid) {
        return Identifiers.token(DICOM_UID, "urn:oid:" + uid);
    }

    static JsonNode identifiers(MapContext c) {
        ProcedureIds p = c.procedure();
        if (p == null || p.studyInstanceUid() == null) {
            return null;
        }
        ArrayNode a = FhirJson.array();
        a.add(studyUid(p.studyInstanceUid()));
        if (c.order() != null) {
            for (OrderIdentity.Typed t : c.order().identifiers()) {
                if (t.type().equals("ACSN")) {
                    a.add(Identifiers.typed(t.system(), t.value(), "ACSN"));
                }
            }
        }
        return a;
    }

    /** ImagingStudy.modality: the DICOM code (0008,0060) of the procedure. */
    static JsonNode modalities(MapContext c) {
        ProcedureIds p = c.procedure();
        if (p == null || p.modality() == null || p.modality().isBlank()) {
            return null;
        }
        return FhirJson.array().add(FhirJson.coding(DCM, p.modality().trim(), null));
    }

    /** &lt;filler order number&gt;-&lt;OBX-3.1&gt;[-&lt;OBX-4&gt;] in the system of the order's filler (else placer) number. */
    static JsonNode observationIdentifier(Scope s, MapContext c) {
        if (c.order() == null) {
            return null;
        }
        OrderIdentity.Typed base = c.order().primary();
        return FhirJson.array().add(Identifiers.typed(base.system(), observationValue(base.value(), s.value(OBX_3_1),
                s.value(OBX_4)), null));
    }

    public static String observationValue(String orderNumber, String code, String subId) {
        return orderNumber + "-" + code + (subId == null || subId.isBlank() ? "" : "-" + subId.trim());
    }
}
