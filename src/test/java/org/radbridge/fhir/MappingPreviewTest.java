package org.radbridge.fhir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.radbridge.fhir.map.FhirJson;
import org.radbridge.fhir.testing.FhirValidation;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.mapping.Hl7Peers;
import org.radbridge.mapping.Mappings;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.Scenarios;

class MappingPreviewTest {
    @Test
    void preview() throws Exception {
        Mappings m = new Mappings(ProjectPaths.project().resolve("mappings"), null);
        FhirMappings fm = new FhirMappings(m);
        Hl7Peers peers = Hl7Peers.load(m);
        for (Path sc : Scenarios.all()) {
            for (Path f : Scenarios.messages(sc)) {
                String text = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
                Hl7Message msg = Hl7Parser.parse(text);
                FhirMapper mapper = switch (msg.messageCode()) {
                    case "ORM", "OMG", "OMI" -> new OrderToFhir(fm, ZoneId.of("UTC"));
                    case "ORU" -> new ReportToFhir(fm, ZoneId.of("UTC"));
                    case "ADT" -> new PatientToFhir(fm, ZoneId.of("UTC"));
                    default -> null;
                };
                if (mapper == null || sc.getFileName().toString().startsWith("malformed")) continue;
                try {
                    Mapped r = mapper.map(msg, peers.match(msg.sendingApplication(), msg.sendingFacility()), null);
                    System.out.println("=== " + f + "\n" + FhirJson.pretty(r.bundle()) + "\n" + r.warnings() + " " + r.summary());
                    System.out.println(FhirValidation.get().errors(r.bundle()));
                } catch (Exception e) {
                    System.out.println("=== " + f + " FAILED " + e);
                }
            }
        }
    }
}
