package org.radbridge.dicom;

import java.io.IOException;

/** Malformed or unsupported DICOM encoding (PS3.5) found while reading. */
public class DicomFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public DicomFormatException(String message) {
        super(message);
    }
}
