package org.radbridge.dicom.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The committed Tag.java / UID.java must equal what the tables generate. With
 * {@code -Ddicom.regenerate=true} the files are rewritten instead.
 */
class GeneratedSourcesTest {

    static Path projectDir() {
        return Path.of(System.getProperty("radbridge.project.dir", System.getProperty("user.dir")));
    }

    @Test
    void tagJavaMatchesTable() throws IOException {
        check("Tag.java", DictionaryGenerator.generateTag(DictionaryGenerator.read(projectDir(), "dictionary.tsv")));
    }

    @Test
    void uidJavaMatchesTable() throws IOException {
        check("UID.java", DictionaryGenerator.generateUid(DictionaryGenerator.read(projectDir(), "uids.tsv")));
    }

    @Test
    void tablesHaveUniqueKeysAndSortedTags() throws IOException {
        List<String[]> rows = DictionaryGenerator.read(projectDir(), "dictionary.tsv");
        Set<String> keywords = new HashSet<>();
        long last = -1;
        for (String[] r : rows) {
            long tag = Long.parseLong(r[0], 16);
            if (tag <= last) {
                fail("dictionary.tsv not sorted by tag at " + r[0]);
            }
            last = tag;
            if (!keywords.add(r[3])) {
                fail("duplicate keyword " + r[3]);
            }
        }
        Set<String> uids = new HashSet<>();
        for (String[] r : DictionaryGenerator.read(projectDir(), "uids.tsv")) {
            if (!uids.add(r[0]) || !keywords.add("uid:" + r[1])) {
                fail("duplicate uid row " + r[0]);
            }
        }
    }

    private static void check(String file, String expected) throws IOException {
        Path path = projectDir().resolve(DictionaryGenerator.SRC_DIR + file);
        if (Boolean.getBoolean("dicom.regenerate")) {
            Files.writeString(path, expected, StandardCharsets.UTF_8);
            return;
        }
        String actual = Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : "";
        if (!expected.equals(actual)) {
            fail(file + " differs from the table; run with -Ddicom.regenerate=true\n" + diff(actual, expected));
        }
        assertEquals(expected, actual);
    }

    /** A minimal line diff: lines only in the committed file (-) and only in the generated one (+). */
    static String diff(String actual, String expected) {
        List<String> a = actual.lines().toList(), e = expected.lines().toList();
        Set<String> as = new HashSet<>(a), es = new HashSet<>(e);
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (String l : a) {
            if (!es.contains(l) && n++ < 40) {
                sb.append("- ").append(l).append('\n');
            }
        }
        for (String l : e) {
            if (!as.contains(l) && n++ < 80) {
                sb.append("+ ").append(l).append('\n');
            }
        }
        return sb.toString();
    }
}
