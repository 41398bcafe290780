package org.radbridge.deid.keys;

/**
 * Where replacement identities come from: the same original always gets the same replacement within
 * one scheme, so one patient keeps one identity across messages and across HL7 v2, FHIR and DICOM.
 * Two schemes: {@link KeyedIdentities} (HMAC-SHA-256 under radbridge.deid.key, no table: expert
 * determination) and {@link SurrogateTable} (random codes kept in a protected table: Safe Harbor's
 * re-identification code of 45 CFR 164.514(c), not derived from the identifier).
 */
public interface Identities {

    /** A code for an identifier of a domain ("patient-id", "accession"...): 12 characters, see {@link Codes}. */
    String code(String domain, String value);

    /** A new UID for a UID: "2.25." and a 128-bit decimal (PS3.5 B.2), at most 44 characters. */
    String uid(String uid);

    /** A UUID (RFC 4122 form) for a UUID or other opaque id, e.g. FHIR urn:uuid: references. */
    String uuid(String value);

    /** The date shift of a patient in days: within the profile's range, never zero. */
    int dateShiftDays(String patientKey);

    /** What the audit names as the key: the key id of the HMAC key, or "surrogate-table". */
    String keyId();
}
