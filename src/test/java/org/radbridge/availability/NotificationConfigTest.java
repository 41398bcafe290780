package org.radbridge.availability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.mapping.MappingException;
import org.radbridge.mapping.Mappings;
import org.radbridge.testing.ProjectPaths;

/** mappings/to-hl7/study-available.yaml: the project's file loads; a wrong one stops start-up naming the problem. */
class NotificationConfigTest {

    @TempDir
    Path overlay;

    NotificationConfig load(String yaml) throws Exception {
        Files.createDirectories(overlay.resolve("to-hl7"));
        Files.writeString(overlay.resolve(NotificationConfig.FILE), yaml);
        return NotificationConfig.load(new Mappings(ProjectPaths.project().resolve("mappings"), overlay), Set.of("emr")::contains);
    }

    @Test
    void theProjectsFileLoads() {
        NotificationConfig c = NotificationConfig.load(new Mappings(ProjectPaths.project().resolve("mappings"), null), Set.of("emr")::contains);
        assertEquals(1, c.targets().size());
        assertEquals(NotificationConfig.Shape.ORU, c.targets().get(0).shape());
        assertEquals(NotificationConfig.NoOrder.HOLD, c.targets().get(0).noOrder());
        assertEquals("113014^DICOM Study^DCM", c.oru().studyUidCode());
    }

    @Test
    void wrongFilesAreRefused() {
        assertTrue(assertThrows(MappingException.class, () -> load("to: [{destination: ris}]")).getMessage()
                .contains("unknown HL7 destination \"ris\""));
        assertTrue(assertThrows(MappingException.class, () -> load("to: [{destination: emr, shape: orm}]")).getMessage()
                .contains("shape must be oru or status"));
        assertTrue(assertThrows(MappingException.class, () -> load("to: [{destination: emr, no-order: drop}]")).getMessage()
                .contains("no-order must be notify, hold or reconcile"));
        assertTrue(assertThrows(MappingException.class, () -> load("to: [{destination: emr, shape: status, no-order: notify}]"))
                .getMessage().contains("needs shape oru"));
    }
}
