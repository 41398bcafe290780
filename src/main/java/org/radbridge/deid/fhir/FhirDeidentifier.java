package org.radbridge.deid.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.radbridge.deid.DeidContext;
import org.radbridge.deid.DeidException;

/**
 * De-identifies a FHIR R4 resource or Bundle (JSON) with a profile's {@link FhirRules}, over every element
 * of every resource type — extensions, contained resources and bundle entries included — using the HAPI
 * FHIR R4 structures. Two passes as for HL7 v2 (identifiers first, then changes, so clean-text knows the
 * names and numbers). Every changed resource gets meta.security labels from
 * http://terminology.hl7.org/CodeSystem/v3-ObservationValue: the profile's own (e.g. ANONYED, PSEUDED)
 * and REDACTED / PSEUDED / ABSTRED for what was removed, replaced or generalized.
 */
public final class FhirDeidentifier {

    static final String SECURITY_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";
    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private FhirDeidentifier() {
    }

    public static FhirContext context() {
        return FHIR;
    }

    static IParser parser() {
        return FHIR.newJsonParser().setParserErrorHandler(new LenientErrorHandler(false));
    }

    /** The de-identified JSON of a resource or bundle. */
    public static String deidentify(String json, DeidContext ctx) {
        Resource r;
        try {
            r = (Resource) parser().parseResource(json);
        } catch (RuntimeException e) {
            throw new DeidException("not a FHIR R4 JSON resource: " + e.getClass().getSimpleName());
        }
        deidentify(r, ctx);
        return parser().encodeResourceToString(r);
    }

    /** De-identifies a parsed resource in place. */
    public static void deidentify(Resource r, DeidContext ctx) {
        FhirRules rules = ctx.profile().fhir();
        if (rules == null) {
            throw new DeidException("profile " + ctx.profile().name() + " has no FHIR rules");
        }
        ctx.patientKey(patientKey(r));
        FhirWalk run = new FhirWalk(ctx, rules);
        run.collect = true;
        run.resource(r, "");
        run.collect = false;
        run.resource(r, "");
    }

    /** The original patient identifier (MR-typed first) of the first Patient in the resource or bundle. */
    static String patientKey(Resource r) {
        Patient p = null;
        if (r instanceof Patient pt) {
            p = pt;
        } else if (r instanceof Bundle b) {
            for (Bundle.BundleEntryComponent e : b.getEntry()) {
                if (e.getResource() instanceof Patient pt) {
                    p = pt;
                    break;
                }
            }
        }
        if (p == null) {
            return "";
        }
        for (Identifier id : p.getIdentifier()) {
            for (Coding c : id.getType().getCoding()) {
                if ("MR".equals(c.getCode()) && id.hasValue()) {
                    return id.getValue();
                }
            }
        }
        return p.getIdentifierFirstRep().hasValue() ? p.getIdentifierFirstRep().getValue() : "";
    }

}
