package org.radbridge.availability;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * "A study is available" as any source reports it (IHE RAD-49 Instance Availability Notification, the webhook,
 * the Orthanc poller): the study's identifiers as far as the source knows them, and its series with their
 * instance counts. Empty strings stand for unknown values; {@link #fillFrom} completes an event with what the
 * PACS says.
 *
 * @param source ian | webhook | orthanc | release (a held study processed again)
 * @param sender calling AE title, API principal or PACS URL (journal "sender")
 * @param controlId the source's id of the notification (IAN SOP Instance UID, Orthanc change sequence), or ""
 * @param pacsId the PACS's own id of the study (Orthanc study id), or ""
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record StudyEvent(String source, String sender, String address, String controlId, String studyInstanceUid,
        String accessionNumber, String accessionIssuer, String patientId, String patientIdIssuer, String patientName,
        String patientBirthDate, String patientSex, String studyDate, String studyTime, String studyDescription,
        String retrieveAeTitle, String pacsId, List<Series> series) {

    /** One series: its UID, modality, number, description and the number of its instances available. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Series(String seriesInstanceUid, String modality, String seriesNumber, String seriesDescription,
            int numberOfInstances) {

        public Series {
            seriesInstanceUid = n(seriesInstanceUid);
            modality = n(modality);
            seriesNumber = n(seriesNumber);
            seriesDescription = n(seriesDescription);
        }
    }

    public StudyEvent {
        source = n(source);
        sender = n(sender);
        address = n(address);
        controlId = n(controlId);
        studyInstanceUid = n(studyInstanceUid);
        accessionNumber = n(accessionNumber);
        accessionIssuer = n(accessionIssuer);
        patientId = n(patientId);
        patientIdIssuer = n(patientIdIssuer);
        patientName = n(patientName);
        patientBirthDate = n(patientBirthDate);
        patientSex = n(patientSex);
        studyDate = n(studyDate);
        studyTime = n(studyTime);
        studyDescription = n(studyDescription);
        retrieveAeTitle = n(retrieveAeTitle);
        pacsId = n(pacsId);
        series = series == null ? List.of() : List.copyOf(series);
    }

    static String n(String s) {
        return s == null ? "" : s.trim();
    }

    @JsonIgnore
    public int numberOfSeries() {
        return series.size();
    }

    @JsonIgnore
    public int numberOfInstances() {
        int n = 0;
        for (Series s : series) {
            n += s.numberOfInstances();
        }
        return n;
    }

    /** Modalities of the series, in order, each once. */
    @JsonIgnore
    public List<String> modalities() {
        Set<String> m = new LinkedHashSet<>();
        for (Series s : series) {
            if (!s.modality().isEmpty()) {
                m.add(s.modality());
            }
        }
        return new ArrayList<>(m);
    }

    /** Does the event lack identifiers or series that a PACS could tell? */
    @JsonIgnore
    public boolean incomplete() {
        return accessionNumber.isEmpty() || patientId.isEmpty() || studyDate.isEmpty() || series.isEmpty()
                || series.stream().anyMatch(s -> s.modality().isEmpty());
    }

    /** This event with its empty values taken from {@code pacs} (what the source said wins); series from the PACS when it has them. */
    public StudyEvent fillFrom(StudyEvent pacs) {
        return new StudyEvent(source, sender, address, controlId, or(studyInstanceUid, pacs.studyInstanceUid),
                or(accessionNumber, pacs.accessionNumber), or(accessionIssuer, pacs.accessionIssuer), or(patientId, pacs.patientId),
                or(patientIdIssuer, pacs.patientIdIssuer), or(patientName, pacs.patientName),
                or(patientBirthDate, pacs.patientBirthDate), or(patientSex, pacs.patientSex), or(studyDate, pacs.studyDate),
                or(studyTime, pacs.studyTime), or(studyDescription, pacs.studyDescription),
                or(retrieveAeTitle, pacs.retrieveAeTitle), or(pacsId, pacs.pacsId),
                pacs.series.isEmpty() ? series : mergeSeries(series, pacs.series));
    }

    /** The PACS's series list, with modality/number/description filled from the source's where the PACS has none. */
    static List<Series> mergeSeries(List<Series> mine, List<Series> pacs) {
        List<Series> out = new ArrayList<>();
        for (Series p : pacs) {
            Series m = mine.stream().filter(s -> s.seriesInstanceUid().equals(p.seriesInstanceUid())).findFirst().orElse(null);
            out.add(m == null ? p : new Series(p.seriesInstanceUid(), or(p.modality(), m.modality()),
                    or(p.seriesNumber(), m.seriesNumber()), or(p.seriesDescription(), m.seriesDescription()),
                    Math.max(p.numberOfInstances(), m.numberOfInstances())));
        }
        for (Series m : mine) {
            if (pacs.stream().noneMatch(p -> p.seriesInstanceUid().equals(m.seriesInstanceUid()))) {
                out.add(m);
            }
        }
        return out;
    }

    public StudyEvent withSource(String newSource, String newSender, String newAddress, String newControlId) {
        return new StudyEvent(newSource, newSender, newAddress, newControlId, studyInstanceUid, accessionNumber,
                accessionIssuer, patientId, patientIdIssuer, patientName, patientBirthDate, patientSex, studyDate, studyTime,
                studyDescription, retrieveAeTitle, pacsId, series);
    }

    private static String or(String a, String b) {
        return a.isEmpty() ? n(b) : a;
    }
}
