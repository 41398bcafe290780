package org.radbridge.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.radbridge.testing.ProjectPaths;

/**
 * Where fuzzing starts from: test-messages/ of the project (always there), the shared HL7 corpus
 * (../shared/corpus/messages or RADBRIDGE_CORPUS_DIR, used when present, never required) and the
 * regression inputs kept under src/test/resources/fuzz/regressions/&lt;target&gt;/.
 */
public final class Seeds {

    /** One seed: a name for reports and its bytes. */
    public record Seed(String name, byte[] bytes) {
    }

    private Seeds() {
    }

    /** Files under test-messages/ whose name ends with suffix (e.g. ".hl7", "event.json"). */
    public static List<Seed> testMessages(String suffix) {
        return files(ProjectPaths.testMessages(), suffix);
    }

    /** The shared corpus, or nothing when it is not beside the project. */
    public static List<Seed> corpus() {
        try {
            return files(ProjectPaths.corpus(), ".hl7");
        } catch (IllegalStateException absent) {
            return List.of();
        }
    }

    /** The kept regression inputs of one target (src/test/resources/fuzz/regressions/&lt;target&gt;/). */
    public static List<Seed> regressions(String target) {
        Path dir = Regressions.dir(target);
        return Files.isDirectory(dir) ? files(dir, "") : List.of();
    }

    static List<Seed> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            List<Seed> out = new ArrayList<>();
            for (Path p : s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(suffix))
                    .filter(p -> !p.getFileName().toString().endsWith(".md")).sorted().toList()) {
                out.add(new Seed(dir.relativize(p).toString(), Files.readAllBytes(p)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
