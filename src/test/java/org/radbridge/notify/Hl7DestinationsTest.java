package org.radbridge.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.settings.Settings;
import org.radbridge.mapping.MappingException;
import org.radbridge.mapping.Mappings;
import org.radbridge.outbox.OutcomeTable.NakPolicy;
import org.radbridge.testing.ProjectPaths;

/** mappings/peers/hl7-destinations.yaml with radbridge.emr.*: defaults, overrides, and errors that name the key. */
class Hl7DestinationsTest {

    @TempDir
    Path overlay;

    Hl7Destinations load(String yaml, Map<String, String> props) throws IOException {
        if (yaml != null) {
            Files.createDirectories(overlay.resolve("peers"));
            Files.writeString(overlay.resolve(Hl7Destinations.FILE), yaml);
        }
        return Hl7Destinations.load(new Mappings(ProjectPaths.project().resolve("mappings"), overlay), Settings.of(props));
    }

    @Test
    void theProjectsDefaultsGiveAnEmrFileOutbox() throws IOException {
        Hl7DestinationConfig emr = load(null, Map.of()).get("emr");
        assertTrue(emr.isFile());
        assertEquals("order-placer", emr.role());
        assertEquals("DEMO_EMR", emr.application());
        assertEquals(NakPolicy.DEAD, emr.onAe());
        assertEquals(NakPolicy.RETRY, emr.onAr());
        assertEquals(30000, emr.ackTimeoutMillis());
        assertNull(emr.tls());
    }

    @Test
    void emrAddressAndTlsComeFromProperties() throws IOException {
        Hl7DestinationConfig emr = load(null, Map.of("radbridge.emr.mllp", "emr.example.org:6661", "radbridge.emr.tls", "true")).get("emr");
        assertEquals("emr.example.org", emr.host());
        assertEquals(6661, emr.port());
        assertTrue(emr.tls().engineMaterial());
        assertTrue(emr.tls().verifyHostname());
    }

    @Test
    void namedDestinationsTakeDefaultsAndTheirOwnKeys() throws IOException {
        Hl7Destinations d = load("""
                defaults:
                  ack-timeout-ms: 1000
                  on-ar: pause
                destinations:
                  - name: pacs
                    address: 127.0.0.1:2576
                    role: image-manager
                    hl7-version: 2.3.1
                    workers: 4
                    error-codes: {"205": delivered}
                    tls:
                      truststore: /etc/radbridge/pacs-ca.p12
                      truststore-password: secret
                      protocols: [TLSv1.3]
                      verify-hostname: false
                """, Map.of("radbridge.outbox.workers", "2"));
        Hl7DestinationConfig pacs = d.get("pacs");
        assertEquals(2576, pacs.port());
        assertTrue(pacs.isImageManager());
        assertEquals("2.3.1", pacs.hl7Version());
        assertEquals(4, pacs.workers());
        assertEquals(1000, pacs.ackTimeoutMillis());
        assertEquals(NakPolicy.PAUSE, pacs.onAr());
        assertEquals(Map.of("205", "delivered"), pacs.errorCodes());
        assertEquals("/etc/radbridge/pacs-ca.p12", pacs.tls().truststore());
        assertEquals(java.util.List.of("TLSv1.3"), pacs.tls().protocols());
        Hl7DestinationConfig emr = d.get("emr");
        assertTrue(emr.isFile(), "emr exists even when the file does not list it");
        assertEquals(2, emr.workers(), "radbridge.outbox.workers when the file says nothing");
    }

    @Test
    void badEntriesStopStartUpNamingTheKey() {
        assertMessage("address must be host:port", "destinations:\n  - name: x\n    address: nowhere\n");
        assertMessage("on-ae must be retry, dead or pause", "destinations:\n  - name: x\n    on-ae: ignore\n");
        assertMessage("role must be one of", "destinations:\n  - name: x\n    role: printer\n");
        assertMessage("is listed twice", "destinations:\n  - name: x\n  - name: x\n");
        assertMessage("radbridge.emr.mllp", "destinations:\n  - name: emr\n    address: h:1\n");
        assertMessage("allows only TLSv1.2 and TLSv1.3", "destinations:\n  - name: x\n    tls: {protocols: [TLSv1]}\n");
        assertMessage("ack-timeout-ms must be a positive number", "destinations:\n  - name: x\n    ack-timeout-ms: 0\n");
        assertMessage("tls.keystore-password-env names RADBRIDGE_TEST_UNSET_VARIABLE",
                "destinations:\n  - name: x\n    tls: {keystore: k.p12, keystore-password-env: RADBRIDGE_TEST_UNSET_VARIABLE}\n");
    }

    void assertMessage(String part, String yaml) {
        MappingException e = assertThrows(MappingException.class, () -> load(yaml, Map.of()));
        assertTrue(e.getMessage().contains(part) && e.getMessage().contains("hl7-destinations.yaml"), e.getMessage());
    }
}
