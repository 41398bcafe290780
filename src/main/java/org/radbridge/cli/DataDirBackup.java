package org.radbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.radbridge.audit.AuditKey;

/**
 * Online backup of an embedded (SQLite) installation and its restore (docs/operations.md). The backup, taken while
 * the engine runs: (1) the audit key file, the de-identification surrogate key and {@code audit/} (checkpoints,
 * head) — before the database, so every checkpoint it holds names records the database copy has; (2) the database
 * with {@code VACUUM INTO} (SQLite 3.27+), which reads one consistent snapshot in a single read transaction of the
 * WAL database while the engine keeps writing, and writes a compact copy; (3) everything else in the data directory
 * (file outboxes, spool, export folders) — after the database, so a delivery the copy records as done has its file,
 * and a file of a delivery it does not yet record is at most delivered again (at-least-once). A manifest
 * {@code backup.json} lists every file with its size and SHA-256. The restore checks the manifest and copies into a
 * data directory that holds no database.
 */
public final class DataDirBackup {

    public static final String MANIFEST = "backup.json";
    public static final String DB_FILE = "radbridge.db";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> FIRST = List.of(AuditKey.GENERATED_FILE, "deid-surrogate.key", "audit");

    /** What a backup or restore did. */
    public record Result(int files, long bytes, long databaseBytes) {
    }

    private DataDirBackup() {
    }

    /** The SQLite database file of a radbridge.db.url (empty or "embedded": data-dir/radbridge.db); null for another database. */
    public static Path sqliteFile(String url, Path dataDir) {
        if (url == null || url.isEmpty() || url.equals("embedded")) {
            return dataDir.resolve(DB_FILE);
        }
        if (url.startsWith("jdbc:sqlite:")) {
            String p = url.substring("jdbc:sqlite:".length());
            int q = p.indexOf('?');
            return Path.of(q < 0 ? p : p.substring(0, q));
        }
        return null;
    }

    public static Result backup(Path dataDir, Path db, Path target) throws Exception {
        Path data = dataDir.toAbsolutePath().normalize();
        Path out = target.toAbsolutePath().normalize();
        if (out.startsWith(data)) {
            throw new IOException("the backup folder " + out + " must not be inside the data directory " + data);
        }
        if (!Files.isRegularFile(db)) {
            throw new IOException("no database at " + db + " (is radbridge.data-dir / radbridge.db.url right?)");
        }
        if (Files.exists(out) && (!Files.isDirectory(out) || !isEmpty(out))) {
            throw new IOException("the backup folder " + out + " exists and is not empty");
        }
        Files.createDirectories(out);
        List<Path> copied = new ArrayList<>();
        for (String first : FIRST) {
            copyTree(data, data.resolve(first), out, db, copied);
        }
        snapshot(db, out.resolve(DB_FILE));
        try (Stream<Path> top = Files.list(data)) {
            for (Path p : top.sorted().toList()) {
                if (!FIRST.contains(p.getFileName().toString())) {
                    copyTree(data, p, out, db, copied);
                }
            }
        }
        return writeManifest(data, out, copied);
    }

    /** One consistent copy of the live database (a single read transaction; the engine may keep writing). */
    static void snapshot(Path db, Path to) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
                Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout=30000");
            st.execute("VACUUM INTO '" + to.toAbsolutePath().toString().replace("'", "''") + "'");
        }
    }

    private static void copyTree(Path data, Path from, Path out, Path db, List<Path> copied) throws IOException {
        if (!Files.exists(from)) {
            return;
        }
        List<Path> files = new java.util.ArrayList<>();
        Files.walkFileTree(from, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path f, java.nio.file.attribute.BasicFileAttributes a) {
                if (a.isRegularFile() && !inProgress(f)) {
                    files.add(f);
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                if (e instanceof java.nio.file.NoSuchFileException) {
                    return java.nio.file.FileVisitResult.CONTINUE; // renamed or removed while we walked (a temp file being published)
                }
                throw e;
            }
        });
        files.sort(null);
        String dbName = db.toAbsolutePath().normalize().toString();
        for (Path f : files) {
            String abs = f.toAbsolutePath().normalize().toString();
            if (abs.equals(dbName) || abs.equals(dbName + "-wal") || abs.equals(dbName + "-shm") || abs.equals(dbName + "-journal")) {
                continue;
            }
            Path rel = data.relativize(f.toAbsolutePath().normalize());
            Path dest = out.resolve(rel);
            Files.createDirectories(dest.getParent());
            try {
                Files.copy(f, dest, StandardCopyOption.COPY_ATTRIBUTES);
                copied.add(rel);
            } catch (java.nio.file.NoSuchFileException gone) {
                // a file the engine removed while we walked (a delivered spool or temp file): not part of the state
            }
        }
    }

    /**
     * A file a destination is still writing (".name.tmp", renamed into place once synced): not part of the state; its
     * entry is not yet delivered, so the restored engine delivers it again.
     */
    static boolean inProgress(Path f) {
        String n = f.getFileName().toString();
        return n.startsWith(".") && n.endsWith(".tmp");
    }

    private static Result writeManifest(Path data, Path out, List<Path> copied) throws Exception {
        ObjectNode m = JSON.createObjectNode();
        m.put("format", 1);
        m.put("createdAt", Instant.now().toString());
        m.put("source", data.toString());
        m.put("database", DB_FILE);
        ArrayNode files = m.putArray("files");
        List<Path> all = new ArrayList<>(copied);
        all.add(0, Path.of(DB_FILE));
        long bytes = 0;
        for (Path rel : all) {
            Path f = out.resolve(rel);
            long size = Files.size(f);
            bytes += size;
            files.addObject().put("path", rel.toString().replace('\\', '/')).put("size", size).put("sha256", sha256(f));
        }
        Files.writeString(out.resolve(MANIFEST), JSON.writeValueAsString(m));
        return new Result(all.size(), bytes, Files.size(out.resolve(DB_FILE)));
    }

    /** Checks the backup against its manifest and copies it into {@code dataDir} (the database to {@code db}). */
    public static Result restore(Path backup, Path dataDir, Path db) throws Exception {
        Path manifest = backup.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new IOException("no " + MANIFEST + " in " + backup + ": not a RadBridge backup");
        }
        if (Files.exists(db)) {
            throw new IOException("a database exists at " + db + ": restore only into a new data directory (stop the engine, "
                    + "move the old data directory away)");
        }
        JsonNode m = JSON.readTree(manifest.toFile());
        if (m.path("format").asInt() != 1) {
            throw new IOException("unknown backup format " + m.path("format"));
        }
        for (JsonNode f : m.path("files")) {
            Path src = resolveInside(backup, f.path("path").asText());
            if (!Files.isRegularFile(src) || Files.size(src) != f.path("size").asLong() || !sha256(src).equals(f.path("sha256").asText())) {
                throw new IOException("backup file " + f.path("path").asText() + " is missing or altered (size or SHA-256 differs "
                        + "from " + MANIFEST + ")");
            }
        }
        Files.createDirectories(dataDir);
        long bytes = 0;
        int n = 0;
        for (JsonNode f : m.path("files")) {
            String rel = f.path("path").asText();
            Path dest = DB_FILE.equals(rel) ? db : resolveInside(dataDir, rel);
            Files.createDirectories(dest.toAbsolutePath().getParent());
            Files.copy(backup.resolve(rel), dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            bytes += f.path("size").asLong();
            n++;
        }
        return new Result(n, bytes, Files.size(db));
    }

    private static Path resolveInside(Path dir, String rel) throws IOException {
        Path p = dir.resolve(rel).normalize();
        if (!p.startsWith(dir.normalize())) {
            throw new IOException("backup path leaves its folder: " + rel);
        }
        return p;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    static String sha256(Path f) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(f)) {
            byte[] buf = new byte[65536];
            for (int r; (r = in.read(buf)) > 0;) {
                d.update(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }
}
