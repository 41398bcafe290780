package org.radbridge.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.radbridge.testing.TestEngine;

/** Test support for outbound HL7: golden masking, an overlay for hl7-destinations.yaml, API look-ups. */
final class Outbound {

    static final ObjectMapper JSON = new ObjectMapper();

    private Outbound() {
    }

    /** Outbound HL7 for a golden file: LF line ends; MSH-10 (generated per entry) masked as "*". */
    static String mask(String hl7) {
        return org.radbridge.testing.Hl7Text.maskControlId(hl7);
    }

    /**
     * Engine properties for tests against a receiver: the EMR at {@code address} (null = file outbox), quick
     * retries, and an overlay folder with this hl7-destinations.yaml (null = the project's).
     */
    static Map<String, String> engineProps(String address, Path overlay, String destinationsYaml) throws IOException {
        Map<String, String> p = new HashMap<>();
        if (address != null) {
            p.put("radbridge.emr.mllp", address);
        }
        p.put("radbridge.outbox.backoff-initial-ms", "50");
        p.put("radbridge.outbox.backoff-max-ms", "300");
        p.put("radbridge.outbox.max-attempts", "1000");
        p.put("radbridge.outbox.poll-ms", "100");
        if (destinationsYaml != null) {
            Files.createDirectories(overlay.resolve("peers"));
            Files.writeString(overlay.resolve(Hl7Destinations.FILE), destinationsYaml);
            p.put("radbridge.mappings.overlay-dir", overlay.toString());
        }
        return p;
    }

    /** The EMR entry with quick timeouts, as an overlay file. */
    static String quickEmr(String extra) {
        return "destinations:\n  - name: emr\n    application: DEMO_EMR\n    facility: MAINHOSP\n    ack-timeout-ms: 500\n"
                + "    connect-timeout-ms: 500\n" + (extra == null ? "" : extra);
    }

    static JsonNode get(TestEngine e, String path) throws Exception {
        var r = e.get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Waits until the outbox of a destination has no unfinished entry; false on timeout. */
    static boolean awaitDrained(TestEngine e, String destination, long millis) throws Exception {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            // after-store messages still RECEIVED have not queued their entries yet
            boolean busy = get(e, "/api/messages?status=RECEIVED").size() > 0;
            for (JsonNode n : get(e, "/api/outbox?destination=" + destination + "&limit=1000")) {
                String s = n.path("state").asText();
                busy |= !s.equals("DONE") && !s.equals("SKIPPED");
            }
            if (!busy) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** An ORU^R01 v2.5.1 report for a patient, numbered (control id RPT-n, report text "Report n"). */
    static String report(String sender, String patient, int n) {
        return "MSH|^~\\&|" + sender + "|RADIOLOGY|RADBRIDGE|RAD|20261201160000||ORU^R01^ORU_R01|RPT-" + n + "|P|2.5.1\r"
                + "PID|1||" + patient + "^^^HOSP^MR||TESTER^ANNA||19700315|F\r"
                + "OBR|1|PLC" + n + "^DEMO_EMR|FIL" + n + "^DEMO_RIS|71250^CT CHEST^C4|||20261201093000" + "|".repeat(17)
                + "CT|F\r"
                + "OBX|1|TX|18782-3^Radiology Study observation^LN||Report " + n + " \\T\\ details||||||F\r";
    }
}
