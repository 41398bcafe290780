package org.radbridge.outbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The file outbox: one payload per file under a folder (e.g. {@code <data-dir>/outbox/fhir/}), used when
 * a destination has no address. Files are named {@code <entry id>-<kind>.<ext>} so they sort in delivery order and
 * written atomically and durably before their outcome is recorded: temporary file, its data synced (fdatasync), rename;
 * the directory holding the new names is synced once per batch ({@link #sync}, called by the worker before it records
 * the batch's outcomes), so a file whose entry is DONE survives a crash (POSIX fsync(2): a file's directory entry is
 * durable only once the directory is synced).
 */
public final class FileDestination implements Destination {

    private final String name;
    private final Path dir;
    private final String extension;
    /** Renames done / renames covered by a directory sync (several workers may share this destination). */
    private final AtomicLong renamed = new AtomicLong();
    private long synced;
    private final Object syncLock = new Object();
    private volatile boolean dirReady;

    public FileDestination(String name, Path dir, String extension) {
        this.name = name;
        this.dir = dir;
        this.extension = extension;
    }

    @Override
    public String name() {
        return name;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public DeliveryResult deliver(OutboxEntry e) throws IOException {
        if (!dirReady) {
            createDir();
        }
        try {
            return write(e);
        } catch (java.nio.file.NoSuchFileException gone) {
            dirReady = false; // the folder was removed meanwhile: made again
            createDir();
            return write(e);
        }
    }

    private DeliveryResult write(OutboxEntry e) throws IOException {
        String file = String.format("%012d-%s.%s", e.id(), e.kind(), extension);
        Path tmp = dir.resolve("." + file + ".tmp");
        byte[] payload = e.payload() == null ? new byte[0] : e.payload();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(payload);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(false);
        }
        Files.move(tmp, dir.resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        renamed.incrementAndGet();
        return DeliveryResult.delivered("written " + file);
    }

    @Override
    public boolean syncsBeforeOutcomes() {
        return true;
    }

    /** Syncs the directory once for every file renamed into it so far (by any worker). */
    @Override
    public void sync() throws IOException {
        long target = renamed.get();
        synchronized (syncLock) {
            if (synced >= target) {
                return; // another sync started after those renames and finished
            }
            long upTo = renamed.get();
            syncDirectory(dir);
            synced = upTo;
        }
    }

    private synchronized void createDir() throws IOException {
        if (dirReady) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            if (dir.toAbsolutePath().getParent() != null) {
                syncDirectory(dir.toAbsolutePath().getParent());
            }
        }
        dirReady = true;
    }

    /** fsync of a directory (Linux, macOS); where a directory cannot be opened (Windows) the rename is durable by itself. */
    static void syncDirectory(Path d) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(d, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException e) {
            if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
                return;
            }
            throw e;
        }
        try (ch) {
            ch.force(true);
        }
    }
}
