package org.radbridge.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds and splits HL7 files for replay: directories are walked (files ending in .hl7, sorted by path;
 * "expected" folders of test scenarios skipped; a scenario folder's before.txt names sibling scenarios whose
 * messages go first); a file holds one message, or several separated by blank lines or by a new MSH segment.
 */
final class Hl7Files {

    /** One message to send, with the file it came from and the ACK code the scenario expects (or null). */
    record Item(Path file, int index, byte[] payload, String expectedAck) {
    }

    private Hl7Files() {
    }

    static List<Path> find(List<Path> roots) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path r : roots) {
            if (Files.isDirectory(r)) {
                try (Stream<Path> s = Files.walk(r)) {
                    s.filter(Files::isRegularFile)
                            .filter(p -> p.getFileName().toString().endsWith(".hl7"))
                            .filter(p -> !r.relativize(p).toString().contains("expected"))
                            .sorted()
                            .forEach(out::add);
                }
            } else if (Files.isRegularFile(r)) {
                out.add(r);
            } else {
                throw new IOException("no such file or directory: " + r);
            }
        }
        return prerequisitesFirst(out);
    }

    /** The files grouped by folder, a folder after the sibling folders its before.txt names (test-messages/). */
    static List<Path> prerequisitesFirst(List<Path> files) throws IOException {
        java.util.Map<Path, List<Path>> byFolder = new java.util.LinkedHashMap<>();
        for (Path f : files) {
            byFolder.computeIfAbsent(f.toAbsolutePath().getParent(), k -> new ArrayList<>()).add(f);
        }
        List<Path> out = new ArrayList<>(files.size());
        java.util.Set<Path> done = new java.util.HashSet<>();
        for (Path folder : byFolder.keySet()) {
            visit(folder, byFolder, done, out);
        }
        return out;
    }

    private static void visit(Path folder, java.util.Map<Path, List<Path>> byFolder, java.util.Set<Path> done,
            List<Path> out) throws IOException {
        if (!done.add(folder)) {
            return;
        }
        Path before = folder.resolve("before.txt");
        if (Files.isRegularFile(before)) {
            for (String line : Files.readAllLines(before, StandardCharsets.UTF_8)) {
                Path prerequisite = folder.resolveSibling(line.trim());
                if (!line.isBlank() && byFolder.containsKey(prerequisite)) {
                    visit(prerequisite, byFolder, done, out);
                }
            }
        }
        out.addAll(byFolder.get(folder));
    }

    static List<Item> read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        List<byte[]> parts = split(all);
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            out.add(new Item(file, i, parts.get(i), expectedAck(file, i, parts.size())));
        }
        return out;
    }

    /** Splits at MSH segments that start a line after the first one, and at blank lines; CR-normalized. */
    static List<byte[]> split(byte[] all) {
        String s = new String(all, StandardCharsets.ISO_8859_1);
        List<byte[]> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : s.split("\r\n|\r|\n", -1)) {
            boolean blank = line.trim().isEmpty();
            boolean newMsh = line.startsWith("MSH") && cur.length() > 0;
            if ((blank || newMsh) && cur.length() > 0) {
                out.add(cur.toString().getBytes(StandardCharsets.ISO_8859_1));
                cur.setLength(0);
            }
            if (!blank) {
                cur.append(line).append('\r');
            }
        }
        if (cur.length() > 0) {
            out.add(cur.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        if (out.isEmpty()) {
            out.add(all);
        }
        return out;
    }

    /** MSA-1 of expected/ack.hl7 (or expected/ack-<n>.hl7 for the n-th file of a sequence) next to the message. */
    private static String expectedAck(Path file, int index, int count) throws IOException {
        Path dir = file.getParent() == null ? Path.of(".") : file.getParent();
        String stem = file.getFileName().toString().replaceFirst("\\.hl7$", "");
        List<Path> candidates = List.of(dir.resolve("expected").resolve("ack-" + stem + ".hl7"),
                dir.resolve("expected").resolve("ack.hl7"));
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                for (String line : Files.readString(c, StandardCharsets.ISO_8859_1).split("\r\n|\r|\n")) {
                    if (line.startsWith("MSA")) {
                        String[] f = line.split("\\|");
                        return f.length > 1 ? f[1] : null;
                    }
                }
            }
        }
        return null;
    }
}
