package org.radbridge.dicom.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Implementation;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.TransferSyntax;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.testing.Samples;

class DicomFileTest {

    @Test
    void part10WriteAndRead(@TempDir Path dir) throws Exception {
        Attributes wl = Samples.worklistItem("ISO_IR 100", "Müller^Jürgen", "PID1", "ACC1", "CT", "CT01", "20250615", "093000", "SPS1");
        for (TransferSyntax ts : TransferSyntax.values()) {
            Path f = dir.resolve(ts.name() + ".wl");
            DicomFile.of(wl, ts, UID.ModalityWorklistInformationModelFind).write(f);
            byte[] b = Files.readAllBytes(f);
            assertArrayEquals(new byte[128], Arrays.copyOf(b, 128), "preamble");
            assertEquals("DICM", new String(b, 128, 4, java.nio.charset.StandardCharsets.US_ASCII));
            DicomFile read = DicomFile.read(f);
            assertEquals(ts, read.transferSyntax());
            assertEquals(wl, read.dataset());
            Attributes meta = read.fileMeta();
            assertEquals(UID.ModalityWorklistInformationModelFind, meta.getString(Tag.MediaStorageSOPClassUID));
            assertNotNull(meta.getString(Tag.MediaStorageSOPInstanceUID));
            assertEquals(Implementation.CLASS_UID, meta.getString(Tag.ImplementationClassUID));
            assertEquals(Implementation.VERSION_NAME, meta.getString(Tag.ImplementationVersionName));
            assertArrayEquals(new byte[] {0, 1}, meta.getBytes(Tag.FileMetaInformationVersion));
        }
    }

    @Test
    void readsDataSetWithoutMetaInformation() throws Exception {
        Attributes a = Samples.worklistQuery("CT", "CT01", "20250601-20250630");
        for (TransferSyntax ts : new TransferSyntax[] {TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN}) {
            DicomFile f = DicomFile.read(new DicomWriter(ts).encode(a));
            assertEquals(ts, f.transferSyntax());
            assertEquals(a, f.dataset());
        }
    }

    @Test
    void createsUniqueUids() {
        String a = Implementation.createUID(), b = Implementation.createUID();
        assertEquals(true, a.startsWith("2.25.") && a.length() <= 64 && !a.equals(b));
        assertEquals(true, Implementation.CLASS_UID.length() <= 64);
    }
}
