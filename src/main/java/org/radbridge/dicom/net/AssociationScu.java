package org.radbridge.dicom.net;

import java.io.IOException;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.UID;

/** The SCU operations of an {@link Association} (PS3.7 9.1 and 10.1), each waiting for its response. */
final class AssociationScu {

    private final Association as;

    AssociationScu(Association as) {
        this.as = as;
    }

    DimseResponse echo() throws IOException, InterruptedException {
        PresentationContext pc = pc(UID.Verification);
        return invokeAndWait(pc, Dimse.cEchoRQ(as.nextMessageId(), UID.Verification), null);
    }

    FindResponses find(String cuid, int priority, Attributes keys) throws IOException {
        PresentationContext pc = pc(cuid);
        int msgId = as.nextMessageId();
        FindResponses r = new FindResponses(as, msgId);
        as.rememberContext(msgId, pc);
        as.invoke(pc, Dimse.cFindRQ(msgId, cuid, priority), keys, r);
        return r;
    }

    DimseResponse nCreate(String cuid, String iuid, Attributes attrs) throws IOException, InterruptedException {
        return invokeAndWait(pc(cuid), Dimse.nCreateRQ(as.nextMessageId(), cuid, iuid), attrs);
    }

    DimseResponse nSet(String cuid, String iuid, Attributes mods) throws IOException, InterruptedException {
        return invokeAndWait(pc(cuid), Dimse.nSetRQ(as.nextMessageId(), cuid, iuid), mods);
    }

    DimseResponse nEventReport(String cuid, String iuid, int eventTypeId, Attributes info)
            throws IOException, InterruptedException {
        return invokeAndWait(pc(cuid), Dimse.nEventReportRQ(as.nextMessageId(), cuid, iuid, eventTypeId), info);
    }

    private PresentationContext pc(String cuid) throws AssociationException {
        PresentationContext pc = as.presentationContextFor(cuid);
        if (pc == null) {
            throw new AssociationException("no accepted presentation context for " + cuid, null, null);
        }
        return pc;
    }

    private DimseResponse invokeAndWait(PresentationContext pc, Attributes cmd, Attributes data)
            throws IOException, InterruptedException {
        return as.invokeAndWait(pc, cmd, data);
    }
}
