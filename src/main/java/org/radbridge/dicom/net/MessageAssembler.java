package org.radbridge.dicom.net;

import java.util.ArrayList;
import java.util.List;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.DicomFormatException;
import org.radbridge.dicom.TransferSyntax;
import org.radbridge.dicom.io.DicomReader;

/**
 * Reassembles DIMSE messages from PDV fragments (PS3.8 9.3.5.1, Annex E): a command (implicit VR little
 * endian, PS3.7 6.3.1) whose last fragment carries bit 1, then, if the command announces one, a data
 * set in the same presentation context. A message (command plus data set) larger than the limit is refused with
 * a {@link DimseLimitException}. Fragments are kept as received (no doubling buffer), so {@link #buffered()} is
 * what reassembly really holds — the figure the {@link DimseBufferBudget} accounts.
 */
final class MessageAssembler {

    /** A complete message; data is the raw data set bytes or null; bytes is command plus data set length. */
    record Message(int pcid, Attributes command, byte[] data, long bytes) {
    }

    private final int maxBytes;
    private final List<byte[]> fragments = new ArrayList<>();
    private long fragmentBytes;
    private long commandBytes;
    private int pcid = -1;
    private Attributes command;

    MessageAssembler(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Bytes held for the message being reassembled: its command (once complete) and the fragments so far. */
    long buffered() {
        return commandBytes + fragmentBytes;
    }

    /** Drops a partial message (the association ends). */
    void clear() {
        fragments.clear();
        fragmentBytes = 0;
        commandBytes = 0;
        pcid = -1;
        command = null;
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
        if (buffered() + pdv.len() > maxBytes) {
            throw new DimseLimitException(DimseBufferBudget.Reason.MAX_MESSAGE_BYTES,
                    "DIMSE message larger than " + maxBytes + " bytes (max-message-bytes)");
        }
        pcid = pdv.pcid();
        byte[] fragment = new byte[pdv.len()];
        System.arraycopy(pdv.data(), pdv.off(), fragment, 0, pdv.len());
        fragments.add(fragment);
        fragmentBytes += fragment.length;
        if (!pdv.last()) {
            return null;
        }
        byte[] bytes = join();
        if (expectCommand) {
            try {
                command = DicomReader.read(bytes, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
            } catch (DicomFormatException e) {
                throw new PduException(AAbort.INVALID_PDU_PARAMETER_VALUE, "malformed command set: " + e.getMessage());
            }
            commandBytes = bytes.length;
            if (Dimse.hasDataset(command)) {
                return null;
            }
            return complete(null);
        }
        return complete(bytes);
    }

    private byte[] join() {
        byte[] b = fragments.size() == 1 ? fragments.get(0) : new byte[(int) fragmentBytes];
        if (fragments.size() > 1) {
            int off = 0;
            for (byte[] f : fragments) {
                System.arraycopy(f, 0, b, off, f.length);
                off += f.length;
            }
        }
        fragments.clear();
        fragmentBytes = 0;
        return b;
    }

    private Message complete(byte[] data) {
        Message m = new Message(pcid, command, data, commandBytes + (data == null ? 0 : data.length));
        pcid = -1;
        command = null;
        commandBytes = 0;
        return m;
    }
}
