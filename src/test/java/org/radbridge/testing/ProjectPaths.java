package org.radbridge.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the project, its test-messages/ and the shared corpus (../shared/corpus) are. */
public final class ProjectPaths {

    private ProjectPaths() {
    }

    public static Path project() {
        String p = System.getProperty("radbridge.project.dir");
        return p == null ? Path.of("").toAbsolutePath() : Path.of(p);
    }

    public static Path testMessages() {
        return project().resolve("test-messages");
    }

    /** ../shared/corpus/messages (or RADBRIDGE_CORPUS_DIR); the corpus is referenced, not copied (licenses). */
    public static Path corpus() {
        String env = System.getenv("RADBRIDGE_CORPUS_DIR");
        Path p = env != null ? Path.of(env) : project().resolve("../shared/corpus/messages").normalize();
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("the shared HL7 corpus is not at " + p + " (set RADBRIDGE_CORPUS_DIR)");
        }
        return p;
    }

    public static List<Path> corpusFiles() {
        try (Stream<Path> s = Files.list(corpus())) {
            return s.filter(f -> f.getFileName().toString().endsWith(".hl7")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
