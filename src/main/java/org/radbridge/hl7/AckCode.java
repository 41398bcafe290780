package org.radbridge.hl7;

/** MSA-1 acknowledgement codes of original mode (HL7 table 0008). */
public enum AckCode {
    AA, AE, AR
}
