package org.radbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radbridge.testing.ProjectPaths;

/** Replay's file order: a scenario's before.txt prerequisites are sent before it, each folder once. */
class Hl7FilesTest {

    @Test
    void prerequisitesGoFirstAndOnce(@TempDir Path dir) throws Exception {
        for (String s : new String[] {"a-change", "b-more", "z-order"}) {
            Files.createDirectories(dir.resolve(s));
            Files.writeString(dir.resolve(s).resolve("message.hl7"), "MSH|^~\\&|X\r");
        }
        Files.writeString(dir.resolve("a-change/before.txt"), "z-order\n");
        Files.writeString(dir.resolve("b-more/before.txt"), "z-order\na-change\n");
        List<String> order = Hl7Files.find(List.of(dir)).stream().map(p -> p.getParent().getFileName().toString()).toList();
        assertEquals(List.of("z-order", "a-change", "b-more"), order);
    }

    @Test
    void everyScenarioOfTestMessagesComesAfterItsPrerequisites() throws Exception {
        List<Path> files = Hl7Files.find(List.of(ProjectPaths.testMessages()));
        List<Path> folders = files.stream().map(p -> p.toAbsolutePath().getParent()).distinct().toList();
        for (int i = 0; i < folders.size(); i++) {
            Path before = folders.get(i).resolve("before.txt");
            if (Files.isRegularFile(before)) {
                for (String line : Files.readAllLines(before)) {
                    int at = folders.indexOf(folders.get(i).resolveSibling(line.trim()));
                    assertTrue(line.isBlank() || at >= 0 && at < i, folders.get(i) + " after " + line);
                }
            }
        }
    }
}
