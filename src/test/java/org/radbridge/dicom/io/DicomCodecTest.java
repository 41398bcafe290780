package org.radbridge.dicom.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.DicomFormatException;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.TransferSyntax;
import org.radbridge.dicom.VR;
import org.radbridge.dicom.testing.Samples;

class DicomCodecTest {

    static Attributes everyKind() {
        Attributes a = Samples.worklistItem("ISO_IR 192", "Müller^Jürgen", "PID1", "ACC1", "CT", "CT01", "20250615", "093000", "SPS1");
        a.setInt(Tag.Rows, VR.US, 512);
        a.setInt(Tag.SmallestImagePixelValue, VR.SS, -1024);
        a.setLong(Tag.NumberOfStudyRelatedInstances, VR.IS, 942);
        a.setDouble(Tag.CTDIvol, VR.FD, 12.75);
        a.setDouble(Tag.ImageAndFluoroscopyAreaDoseProduct, VR.DS, 3.5);
        a.setInt(Tag.FrameIncrementPointer, VR.AT, Tag.PatientName);
        a.setBytes(Tag.PixelData, VR.OW, new byte[] {1, 2, 3, 4});
        a.setBytes(0x00091002, VR.UN, new byte[] {9, 8, 7, 6});
        a.setString(0x00090010, VR.LO, "VENDOR A");
        a.setNull(Tag.PatientWeight, VR.DS);
        a.setString(Tag.PatientComments, VR.LT, "odd");
        a.newSequence(Tag.ReferencedStudySequence);
        return a;
    }

    @ParameterizedTest
    @EnumSource(TransferSyntax.class)
    void roundTripDefinedLength(TransferSyntax ts) throws Exception {
        Attributes a = everyKind();
        if (!ts.explicitVR()) {
            a.remove(Tag.SmallestImagePixelValue); // US or SS: implicit VR reads the first, US
        }
        byte[] enc = new DicomWriter(ts).encode(a);
        assertEquals(0, enc.length % 2, "even length");
        Attributes back = DicomReader.read(enc, ts);
        if (!ts.explicitVR()) {
            // implicit VR: the private element's VR is not known from the stream; it is read as UN anyway
            assertEquals(VR.UN, back.getVR(0x00091002));
        }
        assertEquals(a, back);
    }

    @ParameterizedTest
    @EnumSource(TransferSyntax.class)
    void roundTripUndefinedLength(TransferSyntax ts) throws Exception {
        Attributes a = everyKind();
        if (!ts.explicitVR()) {
            a.remove(Tag.SmallestImagePixelValue);
        }
        byte[] enc = new DicomWriter(ts, DicomWriter.SequenceLength.UNDEFINED).encode(a);
        assertEquals(a, DicomReader.read(enc, ts));
        assertTrue(indexOf(enc, ts.bigEndian() ? hex("FFFEE0DD") : hex("FEFFDDE0")) > 0, "sequence delimiter written");
    }

    @Test
    void charsetsAreEncodedOnWriteAndDecodedOnRead() throws Exception {
        for (String cs : new String[] {"ISO_IR 100", "ISO_IR 192"}) {
            Attributes a = new Attributes();
            a.setString(Tag.SpecificCharacterSet, VR.CS, cs);
            a.setString(Tag.PatientName, VR.PN, "Müller^Jürgen");
            a.newSequence(Tag.ScheduledProcedureStepSequence).addItem()
                    .setString(Tag.ScheduledPerformingPhysicianName, VR.PN, "Gärtner^Ölaf");
            byte[] enc = new DicomWriter(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).encode(a);
            byte[] expected = "Müller^Jürgen".getBytes(cs.endsWith("100") ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
            assertTrue(indexOf(enc, expected) > 0, cs + " bytes of the name");
            Attributes back = DicomReader.read(enc, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            assertEquals("Müller^Jürgen", back.getString(Tag.PatientName));
            assertEquals("Gärtner^Ölaf", back.getNestedItem(Tag.ScheduledProcedureStepSequence)
                    .getString(Tag.ScheduledPerformingPhysicianName), "items inherit the character set");
        }
    }

    @Test
    void oddLengthsArePaddedPerVR() {
        Attributes a = new Attributes();
        a.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3");
        a.setString(Tag.PatientID, VR.LO, "ABC");
        a.setBytes(0x00091001, VR.OB, new byte[] {7});
        byte[] enc = new DicomWriter(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).encode(a);
        assertEquals("0800180055490600312e322e3300" // (0008,0018) UI len 6 "1.2.3" NUL
                + "090001104f4200000200000007" + "00" // (0009,1001) OB len 2, NUL pad
                + "100020004c4f040041424320", // (0010,0020) LO len 4 "ABC" space
                HexFormat.of().formatHex(enc));
    }

    @Test
    void readsHandMadeImplicitBytesWithUndefinedLengthItems() throws Exception {
        // (0040,0100) SQ undefined length { item undefined length { (0008,0060) CS "CT" } }, then (0010,0010) "A^B "
        byte[] b = hex("40000001" + "FFFFFFFF" + "FEFF00E0" + "FFFFFFFF" + "08006000" + "02000000" + "4354"
                + "FEFF0DE0" + "00000000" + "FEFFDDE0" + "00000000" + "10001000" + "04000000" + "415E4220");
        Attributes a = DicomReader.read(b, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertEquals("CT", a.getNestedItem(Tag.ScheduledProcedureStepSequence).getString(Tag.Modality));
        assertEquals("A^B", a.getString(Tag.PatientName));
    }

    @Test
    void malformedInputFailsCleanly() {
        byte[] good = new DicomWriter(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).encode(everyKind());
        for (int cut : new int[] {3, 7, 9, 21, good.length / 2, good.length - 1}) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThrows(DicomFormatException.class, () -> DicomReader.read(truncated, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                    "cut at " + cut);
        }
        Random r = new Random(42);
        for (int i = 0; i < 500; i++) {
            byte[] junk = good.clone();
            for (int j = 0; j < 4; j++) {
                junk[r.nextInt(junk.length)] = (byte) r.nextInt();
            }
            try {
                DicomReader.read(junk, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            } catch (DicomFormatException expected) {
                // fine: only DicomFormatException may escape
            }
        }
    }

    @Test
    void commandSetHasGroupLengthFirst() throws Exception {
        Attributes cmd = new Attributes();
        cmd.setString(Tag.AffectedSOPClassUID, VR.UI, "1.2.840.10008.1.1");
        cmd.setInt(Tag.CommandField, VR.US, 0x0030);
        cmd.setInt(Tag.MessageID, VR.US, 1);
        cmd.setInt(Tag.CommandDataSetType, VR.US, 0x0101);
        byte[] enc = DicomWriter.encodeCommand(cmd);
        assertEquals("0000000004000000", HexFormat.of().formatHex(enc, 0, 8));
        int groupLength = (enc[8] & 0xFF) | (enc[9] & 0xFF) << 8;
        assertEquals(enc.length - 12, groupLength);
        assertEquals(cmd, DicomReader.read(enc, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN));
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
