package org.radbridge.availability;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The body of POST /api/events/study-available (design.md §3, role webhook): a JSON object
 * <pre>{"studyInstanceUid": "1.2...", "accessionNumber": "A1", "accessionIssuer": "HOSP", "patientId": "P1",
 *  "patientIdIssuer": "HOSP", "studyDate": "20261201", "studyTime": "0930", "studyDescription": "...",
 *  "series": [{"seriesInstanceUid": "1.2...", "modality": "CT", "seriesNumber": "1", "numberOfInstances": 120}]}</pre>
 * Only studyInstanceUid is required; unknown members are refused (a misspelt key would otherwise silently
 * lose an identifier). Values are strings, numberOfInstances a non-negative integer.
 */
public final class WebhookEvents {

    static final Set<String> STUDY_KEYS = Set.of("studyInstanceUid", "accessionNumber", "accessionIssuer", "patientId",
            "patientIdIssuer", "patientName", "patientBirthDate", "patientSex", "studyDate", "studyTime", "studyDescription",
            "retrieveAeTitle", "pacsId", "series");
    static final Set<String> SERIES_KEYS = Set.of("seriesInstanceUid", "modality", "seriesNumber", "seriesDescription",
            "numberOfInstances");

    private WebhookEvents() {
    }

    /** The event, or IllegalArgumentException naming what is wrong (answered 400). */
    public static StudyEvent read(JsonNode body, String principal, String address) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        check(body, STUDY_KEYS, "");
        String uid = text(body, "studyInstanceUid", "");
        if (uid.isEmpty()) {
            throw new IllegalArgumentException("studyInstanceUid is required");
        }
        if (!uid.matches("[0-9]+(\\.[0-9]+)*") || uid.length() > 64) {
            throw new IllegalArgumentException("studyInstanceUid is not a DICOM UID (digits and dots, at most 64 characters)");
        }
        List<StudyEvent.Series> series = new ArrayList<>();
        JsonNode s = body.path("series");
        if (!s.isMissingNode() && !s.isNull() && !s.isArray()) {
            throw new IllegalArgumentException("series must be an array");
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
            String suid = text(n, "seriesInstanceUid", at);
            if (suid.isEmpty()) {
                throw new IllegalArgumentException(at + "seriesInstanceUid is required");
            }
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
                throw new IllegalArgumentException("unknown member " + at + k);
            }
        }
    }

    private static String text(JsonNode n, String key, String at) {
        JsonNode v = n.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(at + key + " must be a string");
        }
        return v.asText().trim();
    }
}
