package org.radbridge.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.radbridge.fhir.map.FhirJson;

/** The "series" rule of the merge write: ImagingStudy series of several MPPS add up by uid (docs/procedure-status.md). */
class ResourceMergeSeriesTest {

    @Test
    void seriesAreMergedByUid() throws Exception {
        ObjectNode current = (ObjectNode) FhirJson.mapper().readTree("{\"resourceType\":\"ImagingStudy\",\"id\":\"7\","
                + "\"status\":\"available\",\"subject\":{\"reference\":\"Patient/1\"},"
                + "\"series\":[{\"uid\":\"1.1\",\"description\":\"old\"},{\"uid\":\"1.2\",\"description\":\"kept\"}]}");
        ObjectNode incoming = (ObjectNode) FhirJson.mapper().readTree("{\"resourceType\":\"ImagingStudy\",\"status\":\"available\","
                + "\"series\":[{\"uid\":\"1.1\",\"description\":\"new\"},{\"uid\":\"1.3\",\"description\":\"added\"}]}");
        ObjectNode merged = ResourceMerge.merge(current, incoming);
        assertEquals("[{\"uid\":\"1.2\",\"description\":\"kept\"},{\"uid\":\"1.1\",\"description\":\"new\"},"
                + "{\"uid\":\"1.3\",\"description\":\"added\"}]", FhirJson.compact(merged.path("series")));
        assertEquals("Patient/1", merged.path("subject").path("reference").asText(), "elements not sent stay");
        assertEquals("7", merged.path("id").asText());
    }
}
