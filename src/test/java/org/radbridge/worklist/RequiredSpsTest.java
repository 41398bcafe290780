package org.radbridge.worklist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.hl7.Hl7Message;
import org.radbridge.hl7.Hl7Parser;
import org.radbridge.mapping.Mappings;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.worklist.mapping.MwlMapping;

/** PS3.4 Table K.6-1 Type 1 SPS attributes: refused without them, or routed to the station-routing default. */
class RequiredSpsTest {

    @TempDir
    Path overlay;

    static final String ORM = "MSH|^~\\&|DEMO_EMR|MAINHOSP|RADBRIDGE|RAD|20261201101500||ORM^O01|1|P|2.4\r"
            + "PID|1||P1^^^HOSP^MR||DOE^JANE||19700101|F\rPV1|1|O|RAD^CT1^^HOSP\r"
            + "ORC|NW|PLC1^DEMO_EMR|||||^^^20261202080000^^R\r"
            + "OBR|1|PLC1^DEMO_EMR||73610^XR ANKLE^C4|||20261201101500|||||||||||||||||ZZ\r";

    static MwlMapping.Draft draft(Mappings m, Hl7Message msg) {
        List<MwlMapping.Draft> d = MwlMapping.load(m).mapOrder(msg, null);
        assertEquals(1, d.size());
        return d.get(0);
    }

    static void check(MwlMapping.Draft d, String status) {
        RequiredSps.check(d.step(), d.item(), status, SpsStatus.FINISHED, "ORM^O01", (n, def) -> def);
    }

    @Test
    void aModalityWithoutRouteIsRefusedUnlessTheTableHasADefault() throws Exception {
        Hl7Message msg = Hl7Parser.parse(ORM);
        MwlMapping.Draft plain = draft(new Mappings(ProjectPaths.project().resolve("mappings"), null), msg);
        Hl7Error e = assertThrows(Hl7Error.class, () -> check(plain, "SCHEDULED"));
        assertEquals(Hl7Error.Code.TABLE_VALUE_NOT_FOUND, e.code());
        assertEquals("OBR-24", e.location().describe());
        check(plain, "CANCELED"); // a hidden step is not served: accepted (and never served nor exported)

        Files.createDirectories(overlay.resolve("codes"));
        Files.writeString(overlay.resolve("codes/station-routing.yaml"), Files.readString(ProjectPaths.project()
                .resolve("mappings/codes/station-routing.yaml")).replaceFirst("(?m)^default: \"\"", "default: OTHER01"));
        MwlMapping.Draft routed = draft(new Mappings(ProjectPaths.project().resolve("mappings"), overlay), msg);
        check(routed, "SCHEDULED");
        Attributes sps = routed.item().getNestedItem(Tag.ScheduledProcedureStepSequence);
        assertEquals("OTHER01", sps.getString(Tag.ScheduledStationAETitle));
        assertEquals("ZZ", sps.getString(Tag.Modality));
    }
}
