package org.radbridge.deid.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.radbridge.deid.dicom.AnnexE;
import org.radbridge.dicom.Tag;
import org.radbridge.testing.ProjectPaths;

/**
 * The committed annex-e-2024b.tsv must equal what the generator makes of the standard's data
 * (../shared/reference/data); {@code -Ddeid.regenerate=true} rewrites it. The loaded table must give the
 * actions PS3.15 Table E.1-1 (2024b) lists for a few well-known attributes.
 */
class AnnexETableTest {

    @Test
    void committedTableIsGeneratedFromTheStandardsData() throws IOException {
        Path source = ProjectPaths.project().resolve(AnnexEGenerator.SOURCE).normalize();
        assumeTrue(Files.isRegularFile(source), "the reference data is not at " + source);
        String generated = AnnexEGenerator.generate(source);
        Path target = ProjectPaths.project().resolve(AnnexEGenerator.TARGET);
        if (Boolean.getBoolean("deid.regenerate")) {
            Files.writeString(target, generated, StandardCharsets.UTF_8);
        }
        assertEquals(generated, Files.readString(target, StandardCharsets.UTF_8),
                "annex-e-2024b.tsv differs from the standard's data: run with -Ddeid.regenerate=true");
    }

    @Test
    void tableHasEveryRowOfTheStandard() {
        assertEquals(621, AnnexE.table().size());
    }

    @Test
    void basicProfileAndOptionsResolveAsTheStandardSays() {
        AnnexE t = AnnexE.table();
        assertEquals("Z", AnnexE.code(t.row(Tag.PatientName), EnumSet.noneOf(AnnexE.Option.class)));
        assertEquals("Z/D", AnnexE.code(t.row(Tag.PatientID), EnumSet.noneOf(AnnexE.Option.class)));
        assertEquals("U", AnnexE.code(t.row(Tag.StudyInstanceUID), EnumSet.noneOf(AnnexE.Option.class)));
        assertEquals("K", AnnexE.code(t.row(Tag.StudyInstanceUID), EnumSet.of(AnnexE.Option.RETAIN_UIDS)));
        assertEquals("Z", AnnexE.code(t.row(Tag.StudyDate), EnumSet.noneOf(AnnexE.Option.class)));
        assertEquals("K", AnnexE.code(t.row(Tag.StudyDate), EnumSet.of(AnnexE.Option.RETAIN_LONGITUDINAL_FULL_DATES)));
        assertEquals("C", AnnexE.code(t.row(Tag.StudyDate), EnumSet.of(AnnexE.Option.RETAIN_LONGITUDINAL_MODIFIED_DATES)));
        assertEquals("X", AnnexE.code(t.row(Tag.PatientAge), EnumSet.noneOf(AnnexE.Option.class)));
        assertEquals("K", AnnexE.code(t.row(Tag.PatientAge), EnumSet.of(AnnexE.Option.RETAIN_PATIENT_CHARACTERISTICS)));
        // masks and private attributes
        assertNotNull(t.row(0x60023000), "Overlay Data (60xx,3000)");
        assertEquals("X", t.row(0x00091010).basic(), "private attributes");
        assertTrue(t.row(0x00280010) == null, "Rows is not in Table E.1-1");
    }
}
