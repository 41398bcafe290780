package org.radbridge.worklist;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Synthetic RIS orders (OMI^O23 v2.5.1, IHE RAD-4/RAD-13) for the C-FIND tests: every identifier given,
 * one IPC per order, SPS start in TQ1-7.
 */
final class OrderMessages {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    /** What an order schedules. */
    record Spec(String patientId, String name, String birthDate, String sex, String accession, String studyUid,
            String spsId, String modality, String station, String stationName, String location, LocalDateTime start,
            String protocolCode, String protocolText, String performing) {

        Spec withStation(String s) {
            return new Spec(patientId, name, birthDate, sex, accession, studyUid, spsId, modality, s, stationName, location,
                    start, protocolCode, protocolText, performing);
        }
    }

    private OrderMessages() {
    }

    /** An OMI^O23 with ORC-1/ORC-5 (e.g. "NW","SC" or "CA","CA"). */
    static String omi(String controlId, Spec s, String orc1, String orc5) {
        return omi(controlId, s, orc1, orc5, "R");
    }

    /** The same with an HL7 priority in TQ1-9 (S, A, R, T ...). */
    static String omi(String controlId, Spec s, String orc1, String orc5, String priority) {
        String start = s.start().format(TS);
        return String.join("\r",
                "MSH|^~\\&|DEMO_RIS|RADIOLOGY|RADBRIDGE|RAD|20261201120000||OMI^O23^OMI_O23|" + controlId + "|P|2.5.1",
                "PID|1||" + s.patientId() + "^^^HOSP^MR||" + s.name() + "||" + s.birthDate() + "|" + s.sex(),
                "PV1|1|O|RAD^" + s.location() + "^^HOSP||||4444^CARTER^JOHN^^^DR|5555^REFER^RITA",
                "ORC|" + orc1 + "|PLC" + s.accession() + "^DEMO_EMR|FIL" + s.accession() + "^DEMO_RIS||" + orc5
                        + "||||20261201120000",
                "TQ1|1||||||" + start + "||" + priority,
                "OBR|1|PLC" + s.accession() + "^DEMO_EMR|FIL" + s.accession() + "^DEMO_RIS|PROC^REQUESTED PROCEDURE^LOCAL"
                        + "|||20261201120000|||||||||4444^CARTER^JOHN^^^DR||||||||" + s.modality()
                        + "||||||||||" + s.performing(),
                "IPC|" + s.accession() + "^DEMO_RIS|RP" + s.accession() + "|" + s.studyUid() + "|" + s.spsId() + "|"
                        + s.modality() + "|" + s.protocolCode() + "^" + s.protocolText() + "^LOCAL|" + s.stationName() + "|"
                        + s.location() + "|" + s.station()) + "\r";
    }
}
