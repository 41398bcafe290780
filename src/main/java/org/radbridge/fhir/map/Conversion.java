package org.radbridge.fhir.map;

import com.fasterxml.jackson.databind.JsonNode;

/** A named conversion of mappings/hl7-to-fhir rules: HL7 values in the scope -> a FHIR JSON value, or null. */
@FunctionalInterface
public interface Conversion {

    JsonNode convert(Rule rule, Scope scope, MapContext ctx);
}
