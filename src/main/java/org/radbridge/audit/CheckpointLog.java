package org.radbridge.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The checkpoint files under {@code <data-dir>/audit/}: {@value #LOG} (append-only, one signed JSON
 * checkpoint per line, fsync'd) and {@value #HEAD} (the latest head, replaced atomically). With an export
 * directory (radbridge.audit.checkpoint-export-dir, e.g. a mount of another host or a WORM share) each
 * logged checkpoint is appended to {@code <export>/<instance>-checkpoints.log} too.
 */
public final class CheckpointLog {

    public static final String LOG = "checkpoints.log";
    public static final String HEAD = "head.json";

    /** One line of a checkpoint file: the checkpoint, or why the line is not one. */
    public record Entry(Path file, int line, Checkpoint checkpoint, String error) {
    }

    private final Path log;
    private final Path head;
    private final Path export;

    public CheckpointLog(Path dataDir, Path exportDir, String instance) throws IOException {
        Path dir = dir(dataDir);
        Files.createDirectories(dir);
        this.log = dir.resolve(LOG);
        this.head = dir.resolve(HEAD);
        if (exportDir != null) {
            Files.createDirectories(exportDir);
            this.export = exportDir.resolve(safe(instance) + "-" + LOG);
        } else {
            this.export = null;
        }
    }

    public static Path dir(Path dataDir) {
        return dataDir.resolve("audit");
    }

    /** The files {@code audit verify} reads by default for this data directory. */
    public static List<Path> defaultFiles(Path dataDir) {
        return List.of(dir(dataDir).resolve(LOG), dir(dataDir).resolve(HEAD));
    }

    public Path logFile() {
        return log;
    }

    public Path headFile() {
        return head;
    }

    /** Appends a checkpoint to the log (and the export copy), durably. */
    public synchronized void append(Checkpoint c) throws IOException {
        byte[] line = (c.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
        appendDurably(log, line);
        if (export != null) {
            appendDurably(export, line);
        }
    }

    /** Replaces the head file atomically (write, fsync, rename). */
    public synchronized void writeHead(Checkpoint c) throws IOException {
        Path tmp = head.resolveSibling(HEAD + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap((c.toJson() + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        Files.move(tmp, head, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void appendDurably(Path f, byte[] line) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap(line);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
    }

    /** The entries of a checkpoint file (none when it does not exist). */
    public static List<Entry> read(Path file) throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).trim();
            if (l.isEmpty()) {
                continue;
            }
            try {
                out.add(new Entry(file, i + 1, Checkpoint.parse(l), null));
            } catch (IllegalArgumentException e) {
                out.add(new Entry(file, i + 1, null, e.getMessage()));
            }
        }
        return out;
    }

    private static String safe(String s) {
        return s == null ? "radbridge" : s.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
