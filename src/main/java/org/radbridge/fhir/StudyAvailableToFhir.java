package org.radbridge.fhir;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneId;
import java.util.List;
import org.radbridge.fhir.map.FhirJson;
import org.radbridge.fhir.map.MapContext;
import org.radbridge.fhir.map.Scope;
import org.radbridge.fhir.map.Studies;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.intake.Inbound;
import org.radbridge.mapping.Hl7Peer;

/**
 * study-available: the FHIR R4 ImagingStudy of a study the PACS made available (docs/study-available.md): identifier
 * urn:dicom:uid, status available, modality (DICOM DCM codes of its series), subject, started (Study Date + Time),
 * numberOfSeries, numberOfInstances and series (uid, number, modality, description, numberOfInstances), written as a
 * merge into the ImagingStudy the order flow registered (mappings/hl7-to-fhir/study-available.yaml), with the
 * Patient of the order's PID (or of a PID made of the PACS's identifiers) created if absent.
 */
public final class StudyAvailableToFhir extends FhirMapper {

    /** The study as the PACS describes it. */
    public record Study(String studyInstanceUid, String studyDate, String studyTime, String description,
            List<String> modalities, List<Series> series) {
    }

    public record Series(String uid, String number, String modality, String description, int numberOfInstances) {
    }

    public StudyAvailableToFhir(FhirMappings mappings, ZoneId defaultZone) {
        super(mappings, defaultZone, FhirMappings.STUDY_AVAILABLE);
    }

    /** Not an HL7 flow: the study-available flow calls {@link #available}. */
    @Override
    public Mapped map(Hl7Message m, Hl7Peer peer, Inbound in) {
        throw new UnsupportedOperationException("study-available maps studies, not messages: use available()");
    }

    /**
     * The Bundle for a study; {@code patient} holds the PID of the subject (the order, or one made of the PACS's
     * identifiers); {@code ordered} false leaves the description to the PACS's Study Description. Throws
     * {@link org.radbridge.hl7.Hl7Error} when the patient cannot be identified.
     */
    public Mapped available(Hl7Message patient, Study s, boolean ordered, String timestamp) {
        TransactionBundle bundle = new TransactionBundle();
        MapContext ctx = context(null, bundle);
        String patientKey = patient(Scope.of(patient), ctx, patient.segment("PID"));
        ObjectNode study = FhirJson.object();
        study.put("resourceType", "ImagingStudy");
        study.set("identifier", FhirJson.array().add(Studies.studyUid(s.studyInstanceUid())));   // Study Instance UID (0020,000D)
        study.put("status", "available");
        ArrayNode modality = FhirJson.array();
        for (String m : s.modalities()) {
            modality.add(FhirJson.coding(Studies.DCM, m, null));                                    // Modality (0008,0060)
        }
        FhirJson.put(study, "modality", modality);
        study.set("subject", ctx.ref("patient"));
        FhirJson.put(study, "started", org.radbridge.fhir.map.DateTimes.dateTime(s.studyDate() + s.studyTime(), ctx.zone()));
        study.put("numberOfSeries", s.series().size());
        int instances = 0;
        ArrayNode series = FhirJson.array();
        for (Series x : s.series()) {
            instances += x.numberOfInstances();
            ObjectNode o = series.addObject();
            o.put("uid", x.uid());                                                                // Series Instance UID (0020,000E)
            if (x.number() != null && x.number().trim().matches("[0-9]{1,9}")) {
                o.put("number", Integer.parseInt(x.number().trim()));                             // Series Number (0020,0011)
            }
            o.set("modality", FhirJson.coding(Studies.DCM, x.modality().isEmpty() ? "OT" : x.modality(), null));
            FhirJson.put(o, "description", x.description().isEmpty() ? null : x.description());  // Series Description (0008,103E)
            o.put("numberOfInstances", x.numberOfInstances());
        }
        study.put("numberOfInstances", instances);
        if (!ordered && s.description() != null && !s.description().isEmpty()) {
            study.put("description", s.description());                                            // Study Description (0008,1030)
        }
        FhirJson.put(study, "series", series);
        bundle.add(study, write("ImagingStudy", false), "identifier=" + Studies.token(s.studyInstanceUid()));
        return new Mapped(bundle.toJson(timestamp), patientKey, ctx.warnings(),
                "FHIR transaction of " + bundle.entries().size() + " entries (ImagingStudy available, Patient)");
    }
}
