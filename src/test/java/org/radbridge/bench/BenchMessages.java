package org.radbridge.bench;

/** The benchmark order: a ~1.5 KB ORM^O01 v2.3.1 with ZDS, as in the reference measurements. */
final class BenchMessages {

    private BenchMessages() {
    }

    static String orm(String sender, long n) {
        String id = String.valueOf(n);
        return "MSH|^~\\&|" + sender + "|RADIOLOGY|RADBRIDGE|RAD|20261201081500||ORM^O01^ORM_O01|B" + id + "|P|2.3.1\r"
                + "PID|1||PAT" + id + "^^^HOSP^MR~999-00-" + (1000 + n % 9000) + "^^^SSA^SS||BENCHMARK^PATIENT^MIDDLE^JR^DR||19700315|F|||"
                + "1 MAIN ST^^SPRINGFIELD^IL^62701^USA||(217)555-0101^PRN^PH|(217)555-0102^WPN^PH||S||ACCT" + id + "\r"
                + "PV1|1|O|RAD^CT1^^HOSP||||1234^WELBY^MARCUS^^^DR|5678^REFERRER^RITA|||||||||||VISIT" + id
                + "|||||||||||||||||||||||||20261201081500\r"
                + "AL1|1|DA|PCN^PENICILLIN^ALLERGEN|SV|RASH\r"
                + "ORC|NW|PLC" + id + "^DEMO_EMR|FIL" + id + "^DEMO_RIS||SC||^^^20261201093000^^R||20261201081500|||"
                + "1234^WELBY^MARCUS^^^DR|||||||RAD-CT\r"
                + "OBR|1|PLC" + id + "^DEMO_EMR|FIL" + id + "^DEMO_RIS|71250^CT CHEST W/O CONTRAST^C4^CTCHEST^CT Chest without contrast^LOCAL"
                + "|||20261201081500|||||||||1234^WELBY^MARCUS^^^DR|(217)555-0188|ACC" + id + "|RP" + id + "|SPS" + id
                + "||||CT|||^^^20261201093000^^R||||R07.9^Chest pain, unspecified^I10||||||||||||71250^CT CHEST W/O CONTRAST^C4\r"
                + "NTE|1||Patient is claustrophobic; consider mild sedation. Previous CT 2025-03-01 available in PACS.\r"
                + "NTE|2||Renal function normal (eGFR 85). No contrast needed for this protocol.\r"
                + "DG1|1|I10|R07.9^Chest pain, unspecified^I10||20261201|A\r"
                + "ZDS|1.2.826.0.1.3680043.10.543." + id + "^DEMO_RIS^Application^DICOM\r";
    }
}
