package org.radbridge.availability;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.radbridge.order.IdentifierPolicy;

/**
 * The body of POST /api/events/study-available (design.md §3, role webhook): a JSON object
 * <pre>{"studyInstanceUid": "1.2...", "accessionNumber": "A1", "accessionIssuer": "HOSP", "patientId": "P1",
 *  "patientIdIssuer": "HOSP", "studyDate": "20261201", "studyTime": "0930", "studyDescription": "...",
 *  "series": [{"seriesInstanceUid": "1.2...", "modality": "CT", "seriesNumber": "1", "numberOfInstances": 120}]}</pre>
 * Only studyInstanceUid is required; unknown members are refused (a misspelt key would otherwise silently
 * lose an identifier). Values are strings, numberOfInstances a non-negative integer.
 *
 * <p>Sizes are checked before anything else looks at a value: every string has a maximum length ({@link #MAX_LENGTH},
 * after the DICOM VR of the attribute it stands for, PS3.5 §6.2, with room for the longer identifiers HL7 senders use),
 * at most {@link #MAX_SERIES} series. Study and series instance UIDs must be UIDs (PS3.5 §9.1: at most 64
 * characters, digit components without leading zeros separated by dots), checked by a linear scan — never by a
 * regular expression, whose backtracking on a 4,000-character value overflowed the stack.
 */
public final class WebhookEvents {

    static final Set<String> STUDY_KEYS = Set.of("studyInstanceUid", "accessionNumber", "accessionIssuer", "patientId",
            "patientIdIssuer", "patientName", "patientBirthDate", "patientSex", "studyDate", "studyTime", "studyDescription",
            "retrieveAeTitle", "pacsId", "series");
    static final Set<String> SERIES_KEYS = Set.of("seriesInstanceUid", "modality", "seriesNumber", "seriesDescription",
            "numberOfInstances");

    /** The longest value accepted per member (characters). */
    static final Map<String, Integer> MAX_LENGTH = Map.ofEntries(Map.entry("studyInstanceUid", 64), Map.entry("seriesInstanceUid", 64),
            Map.entry("accessionNumber", 64), Map.entry("accessionIssuer", 64), Map.entry("patientId", 64),
            Map.entry("patientIdIssuer", 64), Map.entry("patientName", 324), Map.entry("patientBirthDate", 8),
            Map.entry("patientSex", 16), Map.entry("studyDate", 8), Map.entry("studyTime", 16),
            Map.entry("studyDescription", 64), Map.entry("retrieveAeTitle", 16), Map.entry("pacsId", 64),
            Map.entry("modality", 16), Map.entry("seriesNumber", 12), Map.entry("seriesDescription", 64));
    /** The most series one event may list. */
    static final int MAX_SERIES = 10_000;

    private WebhookEvents() {
    }

    /** The event, or IllegalArgumentException naming what is wrong (answered 400). */
    public static StudyEvent read(JsonNode body, String principal, String address) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        check(body, STUDY_KEYS, "");
        String uid = uid(body, "studyInstanceUid", "");
        List<StudyEvent.Series> series = new ArrayList<>();
        JsonNode s = body.path("series");
        if (!s.isMissingNode() && !s.isNull() && !s.isArray()) {
            throw new IllegalArgumentException("series must be an array");
        }
        if (s.size() > MAX_SERIES) {
            throw new IllegalArgumentException("series has " + s.size() + " entries, at most " + MAX_SERIES + " are accepted");
        }
        int i = 0;
        for (JsonNode n : s) {
            String at = "series[" + i++ + "].";
            if (!n.isObject()) {
                throw new IllegalArgumentException(at + " must be an object");
            }
            check(n, SERIES_KEYS, at);
            JsonNode count = n.path("numberOfInstances");
            if (!count.isMissingNode() && (!count.canConvertToInt() || !count.isIntegralNumber() || count.asInt() < 0)) {
                throw new IllegalArgumentException(at + "numberOfInstances must be a non-negative integer");
            }
            String suid = uid(n, "seriesInstanceUid", at);
            series.add(new StudyEvent.Series(suid, text(n, "modality", at), text(n, "seriesNumber", at),
                    text(n, "seriesDescription", at), count.asInt(0)));
        }
        return new StudyEvent("webhook", principal, address, "", uid, text(body, "accessionNumber", ""),
                text(body, "accessionIssuer", ""), text(body, "patientId", ""), text(body, "patientIdIssuer", ""),
                text(body, "patientName", ""), text(body, "patientBirthDate", ""), text(body, "patientSex", ""),
                text(body, "studyDate", ""), text(body, "studyTime", ""), text(body, "studyDescription", ""),
                text(body, "retrieveAeTitle", ""), text(body, "pacsId", ""), series);
    }

    private static void check(JsonNode n, Set<String> allowed, String at) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException("unknown member " + at + (k.length() > 64 ? k.substring(0, 64) + "..." : k));
            }
        }
    }

    /** A required UID member: present, at most 64 characters, PS3.5 §9.1 syntax. */
    private static String uid(JsonNode n, String key, String at) {
        String uid = text(n, key, at);
        if (uid.isEmpty()) {
            throw new IllegalArgumentException(at + key + " is required");
        }
        if (!IdentifierPolicy.isValidUid(uid)) {
            throw new IllegalArgumentException(at + key + " is not a DICOM UID (PS3.5 9.1: digit components without leading zeros "
                    + "separated by dots, at most 64 characters)");
        }
        return uid;
    }

    /** A string member ("" when absent), its length checked against {@link #MAX_LENGTH} before anything else. */
    private static String text(JsonNode n, String key, String at) {
        JsonNode v = n.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(at + key + " must be a string");
        }
        String t = v.textValue();
        int max = MAX_LENGTH.getOrDefault(key, 64);
        if (t.length() > max) {
            throw new IllegalArgumentException(at + key + " has " + t.length() + " characters, at most " + max + " are accepted");
        }
        return t.trim();
    }
}
