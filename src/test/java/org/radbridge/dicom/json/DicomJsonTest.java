package org.radbridge.dicom.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.VR;

/** DICOM JSON against the example of PS3.18 F.2.1.1.2 (the parts this layer models). */
class DicomJsonTest {

    /** The PS3.18 F.2 example, trimmed to attributes with inline values. */
    static final String PS318_EXAMPLE = """
            {
              "00080005": {
                "vr": "CS",
                "Value": [
                  "ISO_IR 192"
                ]
              },
              "00080020": {
                "vr": "DA",
                "Value": [
                  "20130409"
                ]
              },
              "00080030": {
                "vr": "TM",
                "Value": [
                  "131600.0000"
                ]
              },
              "00080050": {
                "vr": "SH",
                "Value": [
                  "11235813"
                ]
              },
              "00080056": {
                "vr": "CS",
                "Value": [
                  "ONLINE"
                ]
              },
              "00080061": {
                "vr": "CS",
                "Value": [
                  "CT",
                  "PET"
                ]
              },
              "00080090": {
                "vr": "PN",
                "Value": [
                  {
                    "Alphabetic": "^Bob^^Dr."
                  }
                ]
              },
              "00081190": {
                "vr": "UR",
                "Value": [
                  "http://wado.nema.org/studies/1.2.392.200036.9116.2.2.2.1762893313.1029997326.945873"
                ]
              },
              "00090010": {
                "vr": "LO",
                "Value": [
                  "Vendor A"
                ]
              },
              "00091002": {
                "vr": "UN",
                "InlineBinary": "z0x9c8v7"
              },
              "00100010": {
                "vr": "PN",
                "Value": [
                  {
                    "Alphabetic": "Wang^XiaoDong",
                    "Ideographic": "王^小東"
                  }
                ]
              },
              "00100020": {
                "vr": "LO",
                "Value": [
                  "12345"
                ]
              },
              "00100021": {
                "vr": "LO",
                "Value": [
                  "Hospital A"
                ]
              },
              "00100030": {
                "vr": "DA",
                "Value": [
                  "19670701"
                ]
              },
              "00100040": {
                "vr": "CS",
                "Value": [
                  "M"
                ]
              },
              "00101002": {
                "vr": "SQ",
                "Value": [
                  {
                    "00100020": {
                      "vr": "LO",
                      "Value": [
                        "54321"
                      ]
                    },
                    "00100021": {
                      "vr": "LO",
                      "Value": [
                        "Hospital B"
                      ]
                    }
                  },
                  {
                    "00100020": {
                      "vr": "LO",
                      "Value": [
                        "24680"
                      ]
                    },
                    "00100021": {
                      "vr": "LO",
                      "Value": [
                        "Hospital C"
                      ]
                    }
                  }
                ]
              },
              "0020000D": {
                "vr": "UI",
                "Value": [
                  "1.2.392.200036.9116.2.2.2.1762893313.1029997326.945873"
                ]
              },
              "00201206": {
                "vr": "IS",
                "Value": [
                  4
                ]
              },
              "00201208": {
                "vr": "IS",
                "Value": [
                  942
                ]
              }
            }""";

    @Test
    void readsAndWritesThePs318Example() {
        Attributes a = DicomJson.read(PS318_EXAMPLE);
        assertEquals("Wang^XiaoDong=王^小東", a.getString(Tag.PatientName));
        assertEquals("^Bob^^Dr.", a.getString(Tag.ReferringPhysicianName));
        assertEquals(942, a.getInt(Tag.NumberOfStudyRelatedInstances, 0));
        assertEquals(2, a.getSequence(Tag.OtherPatientIDsSequence).size());
        assertEquals(VR.UN, a.getVR(0x00091002));
        assertEquals(6, a.getBytes(0x00091002).length);
        assertEquals(PS318_EXAMPLE, DicomJson.write(a, true), "deterministic, byte-identical output");
    }

    @Test
    void numbersEmptyValuesAndBinary() {
        Attributes a = new Attributes();
        a.setInt(Tag.Rows, VR.US, 512);
        a.setDouble(Tag.CTDIvol, VR.FD, 12.5);
        a.setString(Tag.PixelSpacing, VR.DS, "0.50", "+1.5");
        a.setString(Tag.OtherPatientIDs, VR.LO, "A", "", "B");
        a.setNull(Tag.PatientName, VR.PN);
        a.setInt(Tag.OffendingElement, VR.AT, Tag.PatientID);
        a.setBytes(Tag.PixelData, VR.OW, new byte[] {1, 2});
        a.newSequence(Tag.ReferencedStudySequence);
        String json = DicomJson.write(a, false);
        assertEquals("{\"00000901\":{\"vr\":\"AT\",\"Value\":[\"00100020\"]},"
                + "\"00081110\":{\"vr\":\"SQ\"},"
                + "\"00100010\":{\"vr\":\"PN\"},"
                + "\"00101000\":{\"vr\":\"LO\",\"Value\":[\"A\",null,\"B\"]},"
                + "\"00189345\":{\"vr\":\"FD\",\"Value\":[12.5]},"
                + "\"00280010\":{\"vr\":\"US\",\"Value\":[512]},"
                + "\"00280030\":{\"vr\":\"DS\",\"Value\":[0.50,1.5]},"
                + "\"7FE00010\":{\"vr\":\"OW\",\"InlineBinary\":\"AQI=\"}}", json);
        Attributes back = DicomJson.read(json);
        assertEquals(List.of("A", "", "B"), List.of(back.getStrings(Tag.OtherPatientIDs)));
        assertEquals(512, back.getInt(Tag.Rows, 0));
        assertEquals(Tag.PatientID, back.getInt(Tag.OffendingElement, 0));
        assertEquals(12.5, back.getDouble(Tag.CTDIvol, 0), 0);
        assertEquals(a.getBytes(Tag.PixelData).length, back.getBytes(Tag.PixelData).length);
    }

    @Test
    void rejectsMalformedJson() {
        assertThrows(IllegalArgumentException.class, () -> DicomJson.read("{\"0010001\":{}}"));
        assertThrows(IllegalArgumentException.class, () -> DicomJson.read("{\"00100010\": {\"vr\":\"PN\""));
        assertThrows(IllegalArgumentException.class, () -> DicomJson.read("[1,2]"));
    }

    /** Tags and AT values are written as String.format("%08X") writes them (also for tags above 7FFF,FFFF). */
    @Test
    void tagsAsEightHexDigits() {
        for (int tag : new int[] {0, 0x00080005, 0x7FE00010, 0x80000000, 0xFFFEE000, -1}) {
            assertEquals(String.format("%08X", tag), DicomJson.hex8(tag));
        }
        Attributes a = new Attributes();
        a.setValue(0x00209165, VR.AT, new long[] {0x00100020L, 0xFFFFFFFFL});
        a.setString(0x00091001, VR.LO, "private");
        assertEquals("{\"00091001\":{\"vr\":\"LO\",\"Value\":[\"private\"]},"
                + "\"00209165\":{\"vr\":\"AT\",\"Value\":[\"00100020\",\"FFFFFFFF\"]}}", DicomJson.write(a, false));
    }

    /** {@link DicomJson#write} (walking the data set) writes what the tree printer of writeArray writes, pretty or not. */
    @Test
    void streamedObjectEqualsTreePrinted() {
        Attributes empty = new Attributes();
        Attributes nested = DicomJson.read(PS318_EXAMPLE);
        nested.newSequence(Tag.ReferencedImageSequence);                 // an empty sequence
        Attributes items = nested.newSequence(Tag.PerformedSeriesSequence).addItem().newSequence(Tag.ReferencedImageSequence)
                .addItem();
        items.setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3");
        nested.getSequence(Tag.PerformedSeriesSequence).add(new Attributes()); // an empty item
        nested.setString(Tag.OtherPatientIDs, VR.LO, "A\\B");
        nested.setString(0x00180050, VR.DS, "+1.50");   // Slice Thickness
        nested.setNull(Tag.StudyDescription, VR.LO);
        for (Attributes a : List.of(empty, nested)) {
            assertEquals(DicomJson.writeArray(List.of(a), false), "[" + DicomJson.write(a, false) + "]");
            assertEquals(DicomJson.writeArray(List.of(a), true), "[\n  " + DicomJson.write(a, true).replace("\n", "\n  ") + "\n]");
            assertEquals(DicomJson.write(a, false), DicomJson.write(DicomJson.read(DicomJson.write(a, true)), false));
        }
    }
}
