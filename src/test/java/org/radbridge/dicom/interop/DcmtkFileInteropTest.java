package org.radbridge.dicom.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.TransferSyntax;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.io.DicomFile;
import org.radbridge.dicom.io.DicomWriter;
import org.radbridge.dicom.json.DicomJson;
import org.radbridge.dicom.testing.Dcmtk;
import org.radbridge.dicom.testing.Samples;

/** Part 10 files and DICOM JSON checked by DCMTK (dcmdump, dump2dcm, dcm2json) in both directions. */
@Timeout(120)
class DcmtkFileInteropTest {

    @TempDir
    Path dir;

    @BeforeEach
    void needDcmtk() {
        Dcmtk.assumeAvailable("dcmdump", "dump2dcm", "dcm2json");
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "IMPLICIT_VR_LITTLE_ENDIAN, DEFINED, ISO_IR 100",
        "EXPLICIT_VR_LITTLE_ENDIAN, DEFINED, ISO_IR 192",
        "EXPLICIT_VR_LITTLE_ENDIAN, UNDEFINED, ISO_IR 100",
        "EXPLICIT_VR_BIG_ENDIAN, UNDEFINED, ISO_IR 192"})
    void dcmdumpReadsOurWorklistFile(TransferSyntax ts, String seqLength, String charset) throws Exception {
        Attributes wl = Samples.worklistItem(charset, "Müller^Jürgen", "PID0001", "ACC0001", "CT", "CT01", "20250615", "093000", "SPS0001");
        Path f = dir.resolve("wl1.wl");
        DicomFile file = DicomFile.of(wl, ts, UID.ModalityWorklistInformationModelFind);
        java.nio.file.Files.write(f, file.toByteArray(DicomWriter.SequenceLength.valueOf(seqLength)));
        Dcmtk.Result r = Dcmtk.dcmdump(f, "+U8").assertOk("dcmdump");
        String out = r.stdout();
        assertFalse(r.stderr().contains("E:") || r.stderr().contains("W:"), r.stderr());
        assertTrue(out.contains("(0002,0010) UI =" + switch (ts) {
            case IMPLICIT_VR_LITTLE_ENDIAN -> "LittleEndianImplicit";
            case EXPLICIT_VR_LITTLE_ENDIAN -> "LittleEndianExplicit";
            case EXPLICIT_VR_BIG_ENDIAN -> "BigEndianExplicit";
        }), out);
        assertTrue(out.contains("(0010,0010) PN [Müller^Jürgen]"), out);
        assertTrue(out.contains("(0040,0100) SQ"), out);
        assertTrue(out.contains("(0040,0009) SH [SPS0001]"), out);
        assertTrue(out.contains("(0008,0100) SH [P1]"), "nested sequence inside the SPS item\n" + out);
        assertTrue(out.contains("(0002,0013) SH [RADBRIDGE_010]"), out);
        // undefined lengths show as "u/l" in dcmdump's length column
        assertEquals(seqLength.equals("UNDEFINED"), out.contains("u/l"), out);
    }

    static final String DUMP = """
            (0008,0005) CS  [ISO_IR 192]                   # SpecificCharacterSet
            (0008,0050) SH  [ACC0001]                      # AccessionNumber
            (0008,0090) PN  [REF^DOCTOR]                   # ReferringPhysicianName
            (0010,0010) PN  [Gärtner^Zoë]                  # PatientName
            (0010,0020) LO  [PID0001]                      # PatientID
            (0010,0030) DA  [19700101]                     # PatientBirthDate
            (0010,0040) CS  [F]                            # PatientSex
            (0020,000d) UI  [1.2.826.0.1.3680043.8.498.1001]  # StudyInstanceUID
            (0032,1060) LO  [CT HEAD WITHOUT CONTRAST]     # RequestedProcedureDescription
            (0040,0100) SQ                                 # ScheduledProcedureStepSequence
              (fffe,e000) -
                (0008,0060) CS  [CT]                       # Modality
                (0040,0001) AE  [CT01]                     # ScheduledStationAETitle
                (0040,0002) DA  [20250615]                 # SPS Start Date
                (0040,0003) TM  [093000]                   # SPS Start Time
                (0040,0006) PN  [TECH^ANNA]                # Performing physician
                (0040,0007) LO  [CT HEAD]                  # SPS Description
                (0040,0009) SH  [SPS0001]                  # SPS ID
              (fffe,e00d) -
            (fffe,e0dd) -
            (0040,1001) SH  [RP0001]                       # RequestedProcedureID
            (0018,1150) IS  [1500]                         # ExposureTime
            (0018,9345) FD  12.5                           # CTDIvol
            (0028,0010) US  512                            # Rows
            (0028,0030) DS  [0.5\\0.25]                    # PixelSpacing
            """;

    @ParameterizedTest
    @CsvSource({"+ti, IMPLICIT_VR_LITTLE_ENDIAN", "+te, EXPLICIT_VR_LITTLE_ENDIAN", "+tb, EXPLICIT_VR_BIG_ENDIAN"})
    void weReadFilesMadeByDump2dcm(String option, TransferSyntax expected) throws Exception {
        for (String lengths : new String[] {"+e", "-e"}) {
            Path f = Dcmtk.dump2dcm(DUMP, dir.resolve("d" + lengths.charAt(0) + ".dcm"), option, lengths);
            DicomFile file = DicomFile.read(f);
            assertEquals(expected, file.transferSyntax());
            Attributes a = file.dataset();
            assertEquals("Gärtner^Zoë", a.getString(Tag.PatientName));
            assertEquals("SPS0001", a.getNestedItem(Tag.ScheduledProcedureStepSequence).getString(Tag.ScheduledProcedureStepID));
            assertEquals(1500, a.getInt(Tag.ExposureTime, 0));
            assertEquals(12.5, a.getDouble(Tag.CTDIvol, 0), 0);
            assertEquals(512, a.getInt(Tag.Rows, 0));
            assertEquals(2, a.getStrings(Tag.PixelSpacing).length);
        }
    }

    @Test
    void dcm2jsonAgreesWithOurModel() throws Exception {
        Attributes wl = Samples.worklistItem("ISO_IR 192", "Müller^Jürgen", "PID0001", "ACC0001", "CT", "CT01", "20250615", "093000", "SPS0001");
        wl.setInt(Tag.NumberOfStudyRelatedInstances, org.radbridge.dicom.VR.IS, 942);
        wl.setInt(Tag.Rows, org.radbridge.dicom.VR.US, 512);
        Path f = dir.resolve("j.dcm");
        DicomFile.of(wl, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, UID.ModalityWorklistInformationModelFind).write(f);
        Attributes fromDcmtk = DicomJson.read(Dcmtk.dcm2json(f));
        fromDcmtk.remove(Tag.FileMetaInformationVersion); // dcm2json includes group 0002
        for (int tag : fromDcmtk.tags()) {
            if ((tag >>> 16) == 2) {
                fromDcmtk.remove(tag);
            }
        }
        assertEquals(wl, fromDcmtk);
    }
}
