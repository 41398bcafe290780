package org.radbridge.dicom.net;

import java.io.ByteArrayOutputStream;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.DicomFormatException;
import org.radbridge.dicom.TransferSyntax;
import org.radbridge.dicom.io.DicomReader;

/**
 * Reassembles DIMSE messages from PDV fragments (PS3.8 9.3.5.1, Annex E): a command (implicit VR little
 * endian, PS3.7 6.3.1) whose last fragment carries bit 1, then, if the command announces one, a data
 * set in the same presentation context.
 */
final class MessageAssembler {

    /** A complete message; data is the raw data set bytes or null. */
    record Message(int pcid, Attributes command, byte[] data) {
    }

    private final int maxBytes;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(1024);
    private int pcid = -1;
    private Attributes command;

    MessageAssembler(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Adds one PDV; returns the message it completes, or null. */
    Message add(Pdu.Pdv pdv) throws PduException {
        if (pcid >= 0 && pdv.pcid() != pcid) {
            throw new PduException(AAbort.UNEXPECTED_PDU_PARAMETER, "PDV of context " + pdv.pcid()
                    + " inside a message of context " + pcid);
        }
        boolean expectCommand = command == null;
        if (pdv.command() != expectCommand) {
            throw new PduException(AAbort.UNEXPECTED_PDU_PARAMETER,
                    expectCommand ? "data fragment before command" : "command fragment while data set expected");
        }
        if (buf.size() + (long) pdv.len() > maxBytes) {
            throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, "DIMSE message larger than " + maxBytes + " bytes");
        }
        pcid = pdv.pcid();
        buf.write(pdv.data(), pdv.off(), pdv.len());
        if (!pdv.last()) {
            return null;
        }
        byte[] bytes = buf.toByteArray();
        buf.reset();
        if (expectCommand) {
            try {
                command = DicomReader.read(bytes, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
            } catch (DicomFormatException e) {
                throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, "malformed command set: " + e.getMessage());
            }
            if (Dimse.hasDataset(command)) {
                return null;
            }
            return complete(null);
        }
        return complete(bytes);
    }

    private Message complete(byte[] data) {
        Message m = new Message(pcid, command, data);
        pcid = -1;
        command = null;
        return m;
    }
}
