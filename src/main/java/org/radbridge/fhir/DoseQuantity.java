package org.radbridge.fhir;

/**
 * One radiation dose quantity an MPPS reports, as a FHIR Observation takes it: the DICOM code (DCM, CID 10050
 * "Summary Radiation Exposure Quantity"), the value, and its UCUM unit.
 */
public record DoseQuantity(String code, String display, double value, String ucum) {
}
