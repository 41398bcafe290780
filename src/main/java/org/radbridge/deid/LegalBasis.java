package org.radbridge.deid;

/**
 * The legal basis a profile names and every audit record of it repeats (design.md §6): a code
 * (SAFE_HARBOR, LIMITED_DATA_SET, EXPERT_DETERMINATION, DICOM_BASIC_PROFILE...), the citation (e.g.
 * "45 CFR 164.514(b)(2)") and a one-line summary of what it requires of the recipient.
 */
public record LegalBasis(String code, String citation, String summary) {
}
