package org.radbridge.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** TransactionBundle.fullUrl is still the name-based UUID (RFC 4122 version 3) of "radbridge:" + type + "?" + condition. */
class FullUrlTest {

    @Test
    void fullUrlIsTheNameBasedUuidOfTypeAndCondition() {
        Random r = new Random(15);
        String alphabet = "aZ09|,\\$%?=:/. é€\ud83d\ude00";
        for (int i = 0; i < 5000; i++) {
            StringBuilder sb = new StringBuilder("identifier=");
            for (int k = r.nextInt(60); k > 0; k--) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            String type = i % 2 == 0 ? "Patient" : "ServiceRequest";
            String expected = "urn:uuid:" + UUID.nameUUIDFromBytes(("radbridge:" + type + "?" + sb)
                    .getBytes(StandardCharsets.UTF_8));
            assertEquals(expected, TransactionBundle.fullUrl(type, sb.toString()));
        }
    }
}
