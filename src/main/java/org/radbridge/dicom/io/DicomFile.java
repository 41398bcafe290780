package org.radbridge.dicom.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.DicomFormatException;
import org.radbridge.dicom.Implementation;
import org.radbridge.dicom.SpecificCharacterSet;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.TransferSyntax;
import org.radbridge.dicom.VR;

/**
 * DICOM Part 10 files (PS3.10 7.1): 128-byte preamble, "DICM", File Meta Information (group 0002,
 * explicit VR little endian, with its group length), then the data set in the transfer syntax named by
 * (0002,0010).
 *
 * <p>Reading also accepts a file without preamble that starts with group 0002, and a bare data set
 * (no meta information; the transfer syntax is guessed between implicit and explicit VR little endian).
 *
 * @param fileMeta the group 0002 elements (without the group length)
 * @param dataset the data set
 * @param transferSyntax the data set's transfer syntax
 */
public record DicomFile(Attributes fileMeta, Attributes dataset, TransferSyntax transferSyntax) {

    /** Upper bound of what {@link #read(InputStream)} loads into memory. */
    public static final int MAX_FILE_SIZE = 256 * 1024 * 1024;

    private static final byte[] DICM = {'D', 'I', 'C', 'M'};

    public static DicomFile read(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in);
        }
    }

    public static DicomFile read(InputStream in) throws IOException {
        byte[] b = in.readNBytes(MAX_FILE_SIZE + 1);
        if (b.length > MAX_FILE_SIZE) {
            throw new DicomFormatException("file larger than " + MAX_FILE_SIZE + " bytes");
        }
        return read(b);
    }

    public static DicomFile read(byte[] b) throws DicomFormatException {
        int off;
        if (b.length >= 132 && Arrays.equals(b, 128, 132, DICM, 0, 4)) {
            off = 132;
        } else if (b.length >= 4 && b[0] == 2 && b[1] == 0) {
            off = 0;
        } else {
            TransferSyntax ts = guess(b);
            return new DicomFile(new Attributes(), DicomReader.read(b, ts), ts);
        }
        Attributes meta = new Attributes();
        int dataOff = DicomReader.readGroup(b, off, 2, meta);
        String tsuid = meta.getString(Tag.TransferSyntaxUID);
        TransferSyntax ts = TransferSyntax.forUid(tsuid);
        if (ts == null) {
            throw new DicomFormatException("unsupported transfer syntax " + tsuid);
        }
        Attributes data = DicomReader.read(b, dataOff, b.length - dataOff, ts, SpecificCharacterSet.DEFAULT);
        return new DicomFile(meta, data, ts);
    }

    private static TransferSyntax guess(byte[] b) {
        if (b.length >= 6 && Character.isUpperCase(b[4]) && Character.isUpperCase(b[5])) {
            return TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        }
        return TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
    }

    /**
     * File Meta Information for a data set (PS3.10 7.1): version 00\01, Media Storage SOP Class and
     * Instance UID, Transfer Syntax UID, Implementation Class UID and Version Name.
     */
    public static Attributes createFileMeta(String sopClassUid, String sopInstanceUid, TransferSyntax ts) {
        Attributes m = new Attributes();
        m.setBytes(Tag.FileMetaInformationVersion, VR.OB, new byte[] {0, 1});
        m.setString(Tag.MediaStorageSOPClassUID, VR.UI, sopClassUid);
        m.setString(Tag.MediaStorageSOPInstanceUID, VR.UI, sopInstanceUid);
        m.setString(Tag.TransferSyntaxUID, VR.UI, ts.uid());
        m.setString(Tag.ImplementationClassUID, VR.UI, Implementation.CLASS_UID);
        m.setString(Tag.ImplementationVersionName, VR.SH, Implementation.VERSION_NAME);
        return m;
    }

    /**
     * Creates a file for a data set; Media Storage SOP Class/Instance UID come from the data set's
     * SOP Class/Instance UID when present, else from the arguments (e.g. the worklist SOP class and a new
     * UID for a .wl file).
     */
    public static DicomFile of(Attributes dataset, TransferSyntax ts, String defaultSopClassUid) {
        String cuid = dataset.getString(Tag.SOPClassUID, defaultSopClassUid);
        String iuid = dataset.getString(Tag.SOPInstanceUID);
        return new DicomFile(createFileMeta(cuid, iuid != null ? iuid : Implementation.createUID(), ts), dataset, ts);
    }

    /** Encodes the whole file, sequences with defined lengths. */
    public byte[] toByteArray() {
        return toByteArray(DicomWriter.SequenceLength.DEFINED);
    }

    /** Encodes the whole file with the given sequence/item length form. */
    public byte[] toByteArray(DicomWriter.SequenceLength sequenceLength) {
        DicomWriter metaWriter = new DicomWriter(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        Attributes meta = fileMeta.copy();
        meta.setString(Tag.TransferSyntaxUID, VR.UI, transferSyntax.uid());
        byte[] metaBytes = metaWriter.encodeGroup(meta, 2);
        DicomWriter.Buf out = new DicomWriter.Buf(false);
        out.write(new byte[128]);
        out.write(DICM);
        out.u16(2).u16(0).rawByte('U').rawByte('L').u16(4).u32(metaBytes.length);
        out.write(metaBytes);
        out.write(new DicomWriter(transferSyntax, sequenceLength).encode(dataset));
        return out.toByteArray();
    }

    public void write(OutputStream out) throws IOException {
        out.write(toByteArray());
    }

    /** Writes to a temporary file beside path, then moves it into place (readers never see half a file). */
    public void write(Path path) throws IOException {
        Path tmp = path.resolveSibling(path.getFileName() + ".part");
        Files.write(tmp, toByteArray());
        Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
