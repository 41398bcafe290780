package org.radbridge.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The digest of a configuration: SHA-256 of every file under the configuration folders (mappings/, the overlay,
 * routes/ and any folder registered later), by label and relative path. Recorded on each journal entry and in each
 * reload's audit record; the per-file digests tell which files a reload changed.
 */
public final class ConfigDigest {

    /** Per-file digests ("label/relative/path" -> hex SHA-256) and the digest of them all. */
    public record Snapshot(Map<String, String> files, String digest) {

        /** Files added, removed or changed since {@code before}, sorted. */
        public java.util.List<String> changedSince(Snapshot before) {
            TreeSet<String> out = new TreeSet<>();
            for (Map.Entry<String, String> e : files.entrySet()) {
                if (!e.getValue().equals(before.files().get(e.getKey()))) {
                    out.add(e.getKey());
                }
            }
            for (String k : before.files().keySet()) {
                if (!files.containsKey(k)) {
                    out.add(k);
                }
            }
            return java.util.List.copyOf(out);
        }
    }

    private ConfigDigest() {
    }

    /** Digests the folders (label -> folder; null or missing folders count as empty). */
    public static Snapshot of(Map<String, Path> folders) {
        Map<String, String> files = new TreeMap<>();
        for (Map.Entry<String, Path> f : new LinkedHashMap<>(folders).entrySet()) {
            Path dir = f.getValue();
            if (dir == null || !Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(Files::isRegularFile).forEach(p -> files.put(f.getKey() + "/" + dir.relativize(p).toString().replace('\\', '/'),
                        sha256(read(p))));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dir, e);
            }
        }
        StringBuilder all = new StringBuilder();
        files.forEach((k, v) -> all.append(k).append('=').append(v).append('\n'));
        return new Snapshot(Map.copyOf(files), "sha256:" + sha256(all.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16));
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
