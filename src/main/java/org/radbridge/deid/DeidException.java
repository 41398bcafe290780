package org.radbridge.deid;

/**
 * A message that cannot be de-identified with a profile (no rules for its format, a payload that is not
 * HL7 v2, FHIR JSON or DICOM, burned-in annotation...): delivering it again would not help, so the
 * de-identified destination dead-letters it with this message (no PHI in it).
 */
public class DeidException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DeidException(String message) {
        super(message);
    }

    public DeidException(String message, Throwable cause) {
        super(message, cause);
    }
}
