package org.radbridge.fhir.testing;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.radbridge.fhir.map.FhirJson;

/**
 * HAPI FHIR's validator (hapi-fhir-validation 8.6.1) against the base R4 definitions: every resource of a Bundle
 * is validated on its own; errors and fatals are returned as "Type: location: message" lines. Built once (slow).
 */
public final class FhirValidation {

    private static FhirValidation instance;

    private final FhirValidator validator;

    private FhirValidation() {
        FhirContext ctx = FhirContext.forR4();
        ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(ctx),
                new CommonCodeSystemsTerminologyService(ctx), new InMemoryTerminologyServerValidationSupport(ctx),
                new SnapshotGeneratingValidationSupport(ctx));
        FhirInstanceValidator module = new FhirInstanceValidator(chain);
        validator = ctx.newValidator().registerValidatorModule(module);
    }

    public static synchronized FhirValidation get() {
        if (instance == null) {
            instance = new FhirValidation();
        }
        return instance;
    }

    /** The errors (severity error or fatal) of every entry's resource. */
    public synchronized List<String> errors(JsonNode bundle) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : bundle.path("entry")) {
            JsonNode r = e.path("resource");
            out.addAll(errorsOf(FhirJson.compact(r), r.path("resourceType").asText()));
        }
        return out;
    }

    public synchronized List<String> errorsOf(String resourceJson, String label) {
        List<String> out = new ArrayList<>();
        ValidationResult res = validator.validateWithResult(resourceJson);
        for (SingleValidationMessage m : res.getMessages()) {
            if (m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL) {
                out.add(label + ": " + m.getLocationString() + ": " + m.getMessage());
            }
        }
        return out;
    }

    /** Warnings too, for looking at (not asserted). */
    public synchronized List<String> all(String resourceJson) {
        List<String> out = new ArrayList<>();
        for (SingleValidationMessage m : validator.validateWithResult(resourceJson).getMessages()) {
            out.add(m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage());
        }
        return out;
    }
}
