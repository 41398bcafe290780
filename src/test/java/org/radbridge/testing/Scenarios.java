package org.radbridge.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The scenario folders of test-messages/ and their messages in sending order. */
public final class Scenarios {

    private Scenarios() {
    }

    public static List<Path> all() {
        try (Stream<Path> s = Files.list(ProjectPaths.testMessages())) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path dir(String name) {
        return ProjectPaths.testMessages().resolve(name);
    }

    /** The scenario's own message files, sorted (message.hl7, or 01-*.hl7, 02-*.hl7 ...). */
    public static List<Path> messages(Path scenario) {
        try (Stream<Path> s = Files.list(scenario)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".hl7")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Scenarios to send first (before.txt), transitively, then this one's files. */
    public static List<Path> prerequisites(Path scenario) {
        List<Path> out = new ArrayList<>();
        Path before = scenario.resolve("before.txt");
        if (Files.exists(before)) {
            try {
                for (String line : Files.readAllLines(before)) {
                    if (!line.isBlank()) {
                        Path dep = scenario.getParent().resolve(line.trim());
                        out.addAll(prerequisites(dep));
                        out.addAll(messages(dep));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** Stem of a message file: "message" or "01-new". */
    public static String stem(Path file) {
        return file.getFileName().toString().replaceFirst("\\.hl7$", "");
    }

    /** The expected ACK file of a message: ack.hl7 for message.hl7, ack-<stem>.hl7 otherwise. */
    public static Path expectedAck(Path scenario, Path file) {
        String stem = stem(file);
        return scenario.resolve("expected").resolve(stem.equals("message") ? "ack.hl7" : "ack-" + stem + ".hl7");
    }

    /** An ACK with MSH-7 (time) and MSH-10 (its own control id) masked, for golden comparison. */
    public static String maskAck(String ack) {
        StringBuilder sb = new StringBuilder();
        for (String seg : ack.split("\r|\n")) {
            if (seg.isEmpty()) {
                continue;
            }
            if (seg.startsWith("MSH") && seg.length() > 3) {
                String fs = String.valueOf(seg.charAt(3));
                String[] f = seg.split(java.util.regex.Pattern.quote(fs), -1);
                if (f.length > 6) {
                    f[6] = "*";
                }
                if (f.length > 9) {
                    f[9] = "*";
                }
                seg = String.join(fs, f);
            }
            sb.append(seg).append('\n');
        }
        return sb.toString();
    }
}
