package org.radbridge.dicom.net.service;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.Tag;
import org.radbridge.dicom.TransferSyntax;
import org.radbridge.dicom.io.DicomWriter;
import org.radbridge.dicom.net.Association;
import org.radbridge.dicom.net.DicomServiceException;
import org.radbridge.dicom.net.Dimse;
import org.radbridge.dicom.net.PresentationContext;
import org.radbridge.dicom.net.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * C-FIND SCP (PS3.7 9.1.2, PS3.4 C.4.1 / K.4.1): a subclass supplies a {@link QueryTask} for the
 * request's identifier; each match is sent as a pending response (FF00, or FF01 when optional keys were
 * not supported), then a final Success. Matches are taken encoded ({@link QueryTask#nextMatchEncoded}) and the
 * pending command is encoded once per request. A C-CANCEL-RQ stops the task and ends with Cancel (FE00). A
 * {@link DicomServiceException} from the task ends with its status and Error Comment.
 *
 * <p>For Modality Worklist use {@code super(UID.ModalityWorklistInformationModelFind)}.
 */
public abstract class BasicCFindScp extends AbstractDicomService {

    private static final Logger LOG = LoggerFactory.getLogger(BasicCFindScp.class);

    protected BasicCFindScp(String... sopClasses) {
        super(sopClasses);
    }

    /** The matches for keys (the C-FIND identifier). Throw DicomServiceException to refuse (e.g. A900, C000). */
    protected abstract QueryTask calculateMatches(Association as, PresentationContext pc, Attributes rq, Attributes keys)
            throws DicomServiceException;

    @Override
    protected void onCFind(Association as, PresentationContext pc, Attributes rq, Attributes keys) throws IOException {
        if (keys == null) {
            throw new DicomServiceException(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS, "C-FIND-RQ without identifier");
        }
        int msgId = rq.getInt(Tag.MessageID, -1);
        AtomicBoolean canceled = new AtomicBoolean();
        long start = System.nanoTime();
        int count = 0;
        boolean answered = false;
        try (QueryTask task = calculateMatches(as, pc, rq, keys)) {
            try {
                as.onCancel(msgId, () -> {
                    canceled.set(true);
                    task.cancel();
                });
                TransferSyntax ts = as.transferSyntax(pc);
                Attributes pending = null;
                byte[] pendingCmd = null;
                while (!canceled.get() && task.hasMoreMatches()) {
                    byte[] match = task.nextMatchEncoded(ts);
                    if (match == null || canceled.get()) {
                        continue;
                    }
                    int status = task.optionalKeysNotSupported() ? Status.PENDING_WARNING : Status.PENDING;
                    if (pending == null || Dimse.status(pending) != status) {
                        pending = Dimse.setDataset(Dimse.response(rq, status), true);
                        pendingCmd = DicomWriter.encodeCommand(pending); // one encoding for every pending response
                    }
                    as.writeDimse(pc, pending, pendingCmd, match, !task.nextMatchReady());
                    count++;
                }
                answered = true;
            } finally {
                as.removeCancel(msgId);
                if (!answered && as.isOpen()) {
                    as.flush(); // the pending responses buffered so far go out before the failure response
                }
            }
        }
        int status = canceled.get() ? Status.CANCEL : Status.SUCCESS;
        if (as.isOpen()) {
            as.writeDimse(pc, Dimse.response(rq, status), null); // flushes the last pending responses with it
        }
        LOG.debug("{}: C-FIND msgId={} returned {} matches in {} ms, status {}", as, msgId, count,
                (System.nanoTime() - start) / 1_000_000, Status.toString(status));
    }
}
