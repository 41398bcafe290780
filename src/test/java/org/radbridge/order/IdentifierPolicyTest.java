package org.radbridge.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.radbridge.hl7.Hl7Error;

/** Per-field reject|assign of the identifiers of EMR placer orders (design.md §1). */
class IdentifierPolicyTest {

    static final IdentifierPolicy ASSIGN = IdentifierPolicy.of((n, d) -> n.equals("uid-root") ? "" : "assign", "RADBRIDGE");

    static IdentifierPolicy.Received received(String acc, String rp, String sps, String study) {
        return new IdentifierPolicy.Received(acc, "", rp, sps, study, "PLC1", "EMR", "", "", "CT",
                Map.of("accessionNumber", "OBR-18", "studyInstanceUid", "ZDS-1"));
    }

    static final IdentifierPolicy.OrderRef REF = new IdentifierPolicy.OrderRef("EMR", "PLC1", "71250^C4", 1);

    @Test
    void receivedIdentifiersAreKept() {
        ProcedureIds ids = ASSIGN.resolve(REF, received("ACC1", "RP1", "SPS1", "1.2.3"));
        assertEquals("ACC1", ids.accessionNumber());
        assertEquals("1.2.3", ids.studyInstanceUid());
        assertEquals(Set.of(), ids.assigned());
    }

    @Test
    void missingIdentifiersAreAssignedDeterministically() {
        ProcedureIds a = ASSIGN.resolve(REF, received("", "", "", ""));
        ProcedureIds b = ASSIGN.resolve(REF, received("", "", "", ""));
        assertEquals(a, b);
        assertEquals(Set.of("accessionNumber", "requestedProcedureId", "spsId", "studyInstanceUid", "fillerOrderNumber"), a.assigned());
        assertEquals("RADBRIDGE", a.accessionIssuer());
        assertEquals(a.accessionNumber(), a.fillerOrderNumber());
        assertTrue(a.studyInstanceUid().startsWith("2.25."));
    }

    @Test
    void identifiersDependOnIssuerPlacerNumberAndProcedure() {
        ProcedureIds base = ASSIGN.resolve(REF, received("", "", "", ""));
        ProcedureIds otherIssuer = ASSIGN.resolve(new IdentifierPolicy.OrderRef("OTHER", "PLC1", "71250^C4", 1), received("", "", "", ""));
        ProcedureIds otherProc = ASSIGN.resolve(new IdentifierPolicy.OrderRef("EMR", "PLC1", "70450^C4", 1), received("", "", "", ""));
        ProcedureIds step2 = ASSIGN.resolve(new IdentifierPolicy.OrderRef("EMR", "PLC1", "71250^C4", 2), received("", "", "", ""));
        assertNotEquals(base.accessionNumber(), otherIssuer.accessionNumber());
        assertNotEquals(base.studyInstanceUid(), otherIssuer.studyInstanceUid());
        assertEquals(base.accessionNumber(), otherProc.accessionNumber(), "one accession per placer order");
        assertNotEquals(base.studyInstanceUid(), otherProc.studyInstanceUid(), "one study per requested procedure");
        assertEquals(base.studyInstanceUid(), step2.studyInstanceUid());
        assertNotEquals(base.spsId(), step2.spsId());
        // never from the accession alone: the same received accession with other orders gives other study UIDs
        ProcedureIds x = ASSIGN.resolve(new IdentifierPolicy.OrderRef("EMR", "PLC2", "71250^C4", 1), received("ACC9", "", "", ""));
        ProcedureIds y = ASSIGN.resolve(new IdentifierPolicy.OrderRef("EMR", "PLC3", "71250^C4", 1), received("ACC9", "", "", ""));
        assertNotEquals(x.studyInstanceUid(), y.studyInstanceUid());
    }

    @Test
    void rejectPolicyAnswersAe101AtTheField() {
        IdentifierPolicy strict = IdentifierPolicy.of((n, d) -> n.equals("accession") ? "reject" : d, "RADBRIDGE");
        Hl7Error e = assertThrows(Hl7Error.class, () -> strict.resolve(REF, received("", "RP1", "SPS1", "1.2.3")));
        assertEquals(Hl7Error.Code.REQUIRED_FIELD_MISSING, e.code());
        assertEquals("OBR", e.location().segment());
        assertEquals(18, e.location().field());
    }

    @Test
    void assigningNeedsAPlacerOrderNumber() {
        Hl7Error e = assertThrows(Hl7Error.class, () -> ASSIGN.resolve(new IdentifierPolicy.OrderRef("EMR", "", "71250^C4", 1),
                received("", "", "", "")));
        assertEquals("ORC", e.location().segment());
    }

    @Test
    void invalidStudyUidIsRefused() {
        Hl7Error e = assertThrows(Hl7Error.class, () -> ASSIGN.resolve(REF, received("A", "R", "S", "1.2.03")));
        assertEquals(Hl7Error.Code.DATA_TYPE, e.code());
        assertTrue(IdentifierPolicy.isValidUid("1.2.840.10008.5.1.4.31"));
        assertTrue(!IdentifierPolicy.isValidUid("1.2.a") && !IdentifierPolicy.isValidUid("1..2") && !IdentifierPolicy.isValidUid("1." + "1".repeat(64)));
    }

    @Test
    void badPolicyValuesNameTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IdentifierPolicy.of((n, d) -> "maybe", "RADBRIDGE"));
        assertTrue(e.getMessage().contains("accession"));
        IllegalArgumentException root = assertThrows(IllegalArgumentException.class,
                () -> IdentifierPolicy.of((n, d) -> n.equals("uid-root") ? "1.2.x" : d, "RADBRIDGE"));
        assertTrue(root.getMessage().contains("uid-root"));
    }
}
