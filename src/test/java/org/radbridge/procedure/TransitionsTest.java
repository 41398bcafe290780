package org.radbridge.procedure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.mapping.MappingException;
import org.radbridge.mapping.Mappings;
import org.radbridge.procedure.Transitions.Case;
import org.radbridge.procedure.Transitions.Transition;
import org.radbridge.testing.ProjectPaths;

/** The transition table of mappings/codes/mpps-transitions.yaml. */
class TransitionsTest {

    private final Transitions t = Transitions.load(new Mappings(ProjectPaths.project().resolve("mappings"), null));

    @Test
    void casesOfAStep() {
        assertEquals(Case.UNSCHEDULED, Transitions.caseOf(null, 0));
        assertEquals(Case.SCHEDULED, Transitions.caseOf("SCHEDULED", 1));
        assertEquals(Case.SCHEDULED, Transitions.caseOf("DISCONTINUED", 1), "a discontinued step performed again");
        assertEquals(Case.GROUP, Transitions.caseOf("SCHEDULED", 2));
        assertEquals(Case.APPEND, Transitions.caseOf("COMPLETED", 1));
        assertEquals(Case.APPEND, Transitions.caseOf("COMPLETED", 3));
    }

    @Test
    void theShippedTable() {
        assertEquals(new Transition("STARTED", "IP", "active", "registered"), t.decide(Case.SCHEDULED, "IN PROGRESS", List.of()));
        assertEquals(new Transition("COMPLETED", "CM", "completed", "available"), t.decide(Case.GROUP, "COMPLETED", List.of()));
        assertEquals(new Transition("DISCONTINUED", "DC", "revoked", "cancelled"),
                t.decide(Case.SCHEDULED, "DISCONTINUED", List.of("110501^DCM")));
        assertEquals(new Transition("SCHEDULED", null, null, null),
                t.decide(Case.SCHEDULED, "DISCONTINUED", List.of("110514^DCM")), "incorrect worklist entry selected");
        assertEquals(new Transition(null, null, null, null), t.decide(Case.APPEND, "DISCONTINUED", List.of("110514^DCM")),
                "reasons apply to the scheduled and group cases only");
        assertEquals(new Transition(null, null, null, "available"), t.decide(Case.APPEND, "COMPLETED", List.of()));
        assertEquals(new Transition(null, null, null, null), t.decide(Case.UNSCHEDULED, "COMPLETED", List.of()));
    }

    @Test
    void aWrongTableStopsStartUpNamingTheFile(@TempDir Path overlay) throws Exception {
        Files.createDirectories(overlay.resolve("codes"));
        String table = Files.readString(ProjectPaths.project().resolve("mappings").resolve(Transitions.FILE));
        Files.writeString(overlay.resolve(Transitions.FILE), table.replace("{sps: STARTED, emr: IP,", "{sps: BEGUN, emr: IP,"));
        MappingException e = assertThrows(MappingException.class,
                () -> Transitions.load(new Mappings(ProjectPaths.project().resolve("mappings"), overlay)));
        assertEquals(true, e.getMessage().contains("mpps-transitions.yaml") && e.getMessage().contains("BEGUN"), e.getMessage());
    }
}
