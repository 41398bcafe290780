package org.radbridge.availability;

import java.io.IOException;

/**
 * Where the identifiers an event lacks (accession, patient, study date, series and their modalities and instance
 * counts) are asked for: the PACS (Orthanc REST, {@link OrthancClient}).
 */
public interface PacsLookup {

    /** The study as the PACS knows it (empty values where it does not), or null when it has no such study. */
    StudyEvent study(String studyInstanceUid) throws IOException, InterruptedException;

    /** For logs and journal notes. */
    String describe();
}
