package org.radbridge.availability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Orthanc's REST API (https://orthanc.uclouvain.be/book/users/rest.html) as RadBridge uses it: the change log
 * (GET /changes?since=&limit=: StableStudy), a study by Study Instance UID (POST /tools/lookup), its main DICOM tags
 * (GET /studies/{id}: StudyInstanceUID, AccessionNumber, StudyDate, StudyTime, StudyDescription, and the patient's
 * PatientID, PatientName, PatientBirthDate, PatientSex), its series (GET /studies/{id}/series: SeriesInstanceUID,
 * Modality, SeriesNumber, SeriesDescription, Instances) and, for the issuers, the tags of one instance (GET
 * /instances/{id}/simplified-tags: IssuerOfPatientID, IssuerOfAccessionNumberSequence). HTTP basic authentication
 * when a user is configured (radbridge.availability.orthanc.user / .password, the password from the environment).
 */
public final class OrthancClient implements PacsLookup {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String authorization;
    private final HttpClient http;
    private final Duration timeout;

    public OrthancClient(String base, String user, String password, Duration timeout) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.authorization = user == null || user.isEmpty() ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        // https:// with the BCP 195 suites and protocols (org.radbridge.tls.Bcp195)
        this.http = org.radbridge.tls.Bcp195.https(HttpClient.newBuilder().connectTimeout(timeout), null).build();
    }

    @Override
    public String describe() {
        return "Orthanc " + base;
    }

    /** One entry of the change log. */
    public record Change(long seq, String type, String resourceId) {
    }

    /** A page of the change log: its changes, the last sequence number, and whether the end was reached. */
    public record Changes(List<Change> changes, long last, boolean done) {
    }

    public Changes changes(long since, int limit) throws IOException, InterruptedException {
        JsonNode n = get("/changes?since=" + since + "&limit=" + limit);
        List<Change> out = new ArrayList<>();
        for (JsonNode c : n.path("Changes")) {
            out.add(new Change(c.path("Seq").asLong(), c.path("ChangeType").asText(), c.path("ID").asText()));
        }
        return new Changes(out, n.path("Last").asLong(since), n.path("Done").asBoolean(true));
    }

    /** The newest sequence number of the change log (where a poller without a cursor starts). */
    public long lastChange() throws IOException, InterruptedException {
        return get("/changes?last").path("Last").asLong(0);
    }

    @Override
    public StudyEvent study(String studyInstanceUid) throws IOException, InterruptedException {
        JsonNode hits = send(HttpRequest.newBuilder(URI.create(base + "/tools/lookup"))
                .POST(HttpRequest.BodyPublishers.ofString(studyInstanceUid)));
        for (JsonNode h : hits) {
            if ("Study".equals(h.path("Type").asText())) {
                return studyById(h.path("ID").asText());
            }
        }
        return null;
    }

    /** The study with Orthanc id {@code id}, as an event of source "orthanc" (sender = this Orthanc). */
    public StudyEvent studyById(String id) throws IOException, InterruptedException {
        JsonNode s = get("/studies/" + id);
        JsonNode t = s.path("MainDicomTags");
        JsonNode p = s.path("PatientMainDicomTags");
        List<StudyEvent.Series> series = new ArrayList<>();
        String firstInstance = null;
        for (JsonNode x : get("/studies/" + id + "/series")) {
            JsonNode st = x.path("MainDicomTags");
            series.add(new StudyEvent.Series(st.path("SeriesInstanceUID").asText(), st.path("Modality").asText(),
                    st.path("SeriesNumber").asText(), st.path("SeriesDescription").asText(), x.path("Instances").size()));
            if (firstInstance == null && x.path("Instances").size() > 0) {
                firstInstance = x.path("Instances").get(0).asText();
            }
        }
        String patientIssuer = "";
        String accessionIssuer = "";
        if (firstInstance != null) {
            JsonNode tags = get("/instances/" + firstInstance + "/simplified-tags");
            patientIssuer = tags.path("IssuerOfPatientID").asText("");
            accessionIssuer = tags.path("IssuerOfAccessionNumberSequence").path(0).path("LocalNamespaceEntityID").asText("");
        }
        return new StudyEvent("orthanc", base, "", "", t.path("StudyInstanceUID").asText(), t.path("AccessionNumber").asText(),
                accessionIssuer, p.path("PatientID").asText(), patientIssuer, p.path("PatientName").asText(),
                p.path("PatientBirthDate").asText(), p.path("PatientSex").asText(), t.path("StudyDate").asText(),
                t.path("StudyTime").asText(), t.path("StudyDescription").asText(), "", id, series);
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private JsonNode send(HttpRequest.Builder b) throws IOException, InterruptedException {
        b.timeout(timeout).header("Accept", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 404) {
            return JSON.createArrayNode();
        }
        if (r.statusCode() / 100 != 2) {
            throw new IOException("HTTP " + r.statusCode() + " from " + base);
        }
        return JSON.readTree(r.body());
    }
}
