package org.radbridge.worklist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.SpecificCharacterSet;
import org.radbridge.dicom.TransferSyntax;
import org.radbridge.dicom.UID;
import org.radbridge.dicom.io.DicomFile;
import org.radbridge.outbox.DeliveryResult;
import org.radbridge.outbox.Destination;
import org.radbridge.outbox.OutboxEntry;

/**
 * The .wl export (design.md §3, radbridge.worklist.export-dir): an outbox destination that makes one Part 10
 * file per visible worklist item match the table: written atomically (temporary file, then rename) under a
 * stable name, removed when the item is gone, hidden by status or expired, and never written for an item
 * without a Type 1 Modality or Scheduled Station AE Title ({@link RequiredSps}; wlmscpfs would drop it). Layouts: {@code dcmtk}
 * ({@code <dir>/<AE>/<name>.wl} plus the empty {@code lockfile} wlmscpfs expects) and {@code flat}
 * ({@code <dir>/<name>.wl}, Orthanc's worklist plugin). Each entry names an item, so a retry or a
 * redelivery always converges to the current state.
 */
public final class WorklistExport implements Destination {

    private final WorklistStore store;
    private final Path dir;
    private final List<String> hidden;
    private final String charset;

    /**
     * @param dir the folder the files are written to (the AE folder for the dcmtk layout)
     * @param charset the Specific Character Set of the files ("ISO_IR 192" or "ISO_IR 100")
     */
    public WorklistExport(WorklistStore store, Path dir, boolean dcmtkLayout, List<String> hidden, String charset) throws IOException {
        this.store = store;
        this.dir = dir;
        this.hidden = List.copyOf(hidden);
        this.charset = charset;
        Files.createDirectories(dir);
        if (dcmtkLayout && !Files.exists(dir.resolve("lockfile"))) {
            Files.createFile(dir.resolve("lockfile"));
        }
    }

    /** The folder the files go to. */
    public Path dir() {
        return dir;
    }

    @Override
    public String name() {
        return WorklistService.EXPORT_DESTINATION;
    }

    /** Files of different items are independent (entries are ordered per item): two workers. */
    @Override
    public int workers() {
        return 2;
    }

    @Override
    public DeliveryResult deliver(OutboxEntry e) throws IOException {
        String key = new String(e.payload(), StandardCharsets.UTF_8);
        int sep = key.indexOf('\\');
        if (sep < 0) {
            return DeliveryResult.dead("not an item key: " + key);
        }
        String study = key.substring(0, sep);
        String sps = key.substring(sep + 1);
        Path file = dir.resolve(fileName(study, sps));
        WorklistItem item = store.get(study, sps);
        if (item == null || item.expiredAt() != null || hidden.contains(item.status())) {
            boolean removed = Files.deleteIfExists(file);
            return DeliveryResult.delivered((removed ? "removed " : "absent ") + file.getFileName());
        }
        if (!RequiredSps.isComplete(item.dataset())) {
            boolean removed = Files.deleteIfExists(file);
            return DeliveryResult.delivered((removed ? "removed " : "not written ") + file.getFileName()
                    + ": no Modality or Scheduled Station AE Title (PS3.4 K.6-1, counted in radbridge_worklist_incomplete_items)");
        }
        Attributes ds = item.dataset().copy();
        SpecificCharacterSet.apply(ds, SpecificCharacterSet.valueOf(charset));
        DicomFile.of(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, UID.ModalityWorklistInformationModelFind).write(file);
        return DeliveryResult.delivered("written " + file.getFileName());
    }

    /**
     * The stable file name of an item: {@code <Study Instance UID>_<SPS ID>.wl}; characters outside
     * [A-Za-z0-9.-] become '_' and then a short hash of the key keeps names unique.
     */
    public static String fileName(String studyUid, String spsId) {
        String raw = studyUid + "_" + spsId;
        String safe = raw.replaceAll("[^A-Za-z0-9.\\-]", "_");
        boolean changed = !(studyUid.matches("[0-9.]+") && spsId.matches("[A-Za-z0-9.\\-]*"));
        if (changed) {
            safe = safe + "_" + Integer.toHexString((studyUid + "\\" + spsId).hashCode());
        }
        return safe + ".wl";
    }
}
