package org.radbridge.explain;

/** Synthetic messages for the dry-run tests (all data invented). */
final class ExplainMessages {

    private ExplainMessages() {
    }

    /** An ORM^O01 from the RIS with two procedures (two ORC/OBR groups), accessions ACC7001 and ACC7002. */
    static final String TWO_PROCEDURES = String.join("\r",
            "MSH|^~\\&|DEMO_RIS|RADIOLOGY|RADBRIDGE|RAD|20261201081500||ORM^O01^ORM_O01|RIS-7001|P|2.3.1",
            "PID|1||PAT7001^^^HOSP^MR||DRYRUN^DORA||19750505|F",
            "PV1|1|O|RAD^CT1^^HOSP||||1234^WELBY^MARCUS^^^DR",
            "ORC|NW|PLC7001^DEMO_EMR|FIL7001^DEMO_RIS||SC||^^^20261201093000^^R||20261201081500|||1234^WELBY^MARCUS^^^DR",
            "OBR|1|PLC7001^DEMO_EMR|FIL7001^DEMO_RIS|71250^CT CHEST W/O CONTRAST^C4|||20261201081500|||||||||1234^WELBY^MARCUS^^^DR"
                    + "||ACC7001|RP7001|SPS7001||||CT|||^^^20261201093000^^R",
            "ZDS|1.2.826.0.1.3680043.10.543.7001^DEMO_RIS^Application^DICOM",
            "ORC|NW|PLC7002^DEMO_EMR|FIL7002^DEMO_RIS||SC||^^^20261201100000^^R||20261201081500|||1234^WELBY^MARCUS^^^DR",
            "OBR|2|PLC7002^DEMO_EMR|FIL7002^DEMO_RIS|74150^CT ABDOMEN W/O CONTRAST^C4|||20261201081500|||||||||1234^WELBY^MARCUS^^^DR"
                    + "||ACC7002|RP7002|SPS7002||||CT|||^^^20261201100000^^R",
            "ZDS|1.2.826.0.1.3680043.10.543.7002^DEMO_RIS^Application^DICOM") + "\r";
}
