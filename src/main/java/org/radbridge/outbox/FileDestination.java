package org.radbridge.outbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The file outbox: one payload per file under a folder (e.g. {@code <data-dir>/outbox/fhir/}), used when
 * a destination has no address. Files are written atomically (temporary file, then rename) and named
 * {@code <entry id>-<kind>.<ext>} so they sort in delivery order.
 */
public final class FileDestination implements Destination {

    private final String name;
    private final Path dir;
    private final String extension;

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
        Files.createDirectories(dir);
        String file = String.format("%012d-%s.%s", e.id(), e.kind(), extension);
        Path tmp = dir.resolve("." + file + ".tmp");
        Files.write(tmp, e.payload() == null ? new byte[0] : e.payload());
        Files.move(tmp, dir.resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return DeliveryResult.delivered("written " + file);
    }
}
