package org.radbridge.deid;

import java.nio.file.Path;
import java.util.Locale;
import org.radbridge.outbox.DeliveryResult;
import org.radbridge.outbox.Destination;
import org.radbridge.outbox.FileDestination;
import org.radbridge.outbox.OutboxEntry;

/**
 * A de-identified target that is a folder: one file per entry through the outbox's {@link FileDestination}
 * (atomic rename), with the extension of what it holds — .hl7, .json (FHIR) or .dcm, and .wl for worklist
 * entries (DICOM Modality Worklist files for DCMTK wlmscpfs or Orthanc).
 */
final class FolderTransport implements Destination {

    private final String name;
    private final Path dir;

    FolderTransport(String name, Path dir) {
        this.name = name;
        this.dir = dir;
    }

    @Override
    public String name() {
        return name;
    }

    Path dir() {
        return dir;
    }

    @Override
    public DeliveryResult deliver(OutboxEntry e) throws Exception {
        Payloads.Format f = Payloads.detect(e.payload(), e.contentType());
        String kind = e.kind() == null ? "" : e.kind().toLowerCase(Locale.ROOT);
        String ext = f == Payloads.Format.DICOM && (kind.contains("wl") || kind.contains("worklist")) ? "wl" : f.extension();
        FileDestination files = new FileDestination(name, dir, ext);
        DeliveryResult r = files.deliver(e);
        files.sync(); // the new name durable before the outcome is recorded
        return r;
    }
}
