package org.radbridge.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.radbridge.testing.ProjectPaths;

/**
 * The migration rules of docs/operations.md ("Writing migrations"), checked against the previous release named in
 * src/test/resources/upgrade/previous-release.txt: a migration file the previous release has is never edited (it
 * ran already and will not run again), and a migration added since is expand-only — no DROP, RENAME, type change or
 * new NOT NULL without a DEFAULT — unless it carries the line {@code -- contract: <why the previous release no longer
 * needs it>}, allowed only for what the previous release does not use. A released per-dialect file may have moved,
 * unchanged, to {@code <module>/common/} (one copy of SQL both databases run as written); a version is either common
 * or has a file per dialect, and per-dialect files differ.
 */
class MigrationRulesTest {

    private static final String DIR = "src/main/resources/db/migration";
    /** Flyway's versioned migrations: {@code <module>/(common|sqlite|postgresql)/Vnnn[__what].sql}. */
    private static final Pattern NAME = Pattern.compile(DIR + "/[a-z]+/(common|sqlite|postgresql)/V\\d{3}(__[a-z0-9_]+)?\\.sql");
    private static final List<Pattern> CONTRACTING = List.of(
            Pattern.compile("\\bDROP\\s+(TABLE|COLUMN|VIEW)\\b"),
            Pattern.compile("\\bRENAME\\b"),
            Pattern.compile("\\bALTER\\s+COLUMN\\s+\\S+\\s+(SET\\s+DATA\\s+)?TYPE\\b"),
            Pattern.compile("\\bSET\\s+NOT\\s+NULL\\b"),
            Pattern.compile("\\bADD\\s+(COLUMN\\s+)?\\S+\\s+[^,;]*\\bNOT\\s+NULL\\b(?![^,;]*\\bDEFAULT\\b)"));

    @Test
    void previousMigrationsUnchangedAndNewOnesExpandOnly() throws Exception {
        Path project = ProjectPaths.project();
        String commit = PreviousRelease.commit();
        List<String> old = List.of(git(project, "ls-tree", "-r", "--name-only", commit, DIR).split("\n"));
        assertTrue(old.size() > 4, "the previous release's migrations: " + old);
        List<String> problems = new ArrayList<>();
        for (String f : old) {
            if (f.isBlank()) {
                continue;
            }
            Path now = project.resolve(f);
            if (!Files.isRegularFile(now)) {
                now = common(project, f); // SQL both dialects run as written has one copy: <module>/common/
            }
            if (!Files.isRegularFile(now)) {
                problems.add(f + " was removed (it ran on every installation of the previous release)");
            } else if (!git(project, "show", commit + ":" + f).equals(Files.readString(now, StandardCharsets.UTF_8))) {
                problems.add(f + " was edited after the previous release (add a new Vnnn.sql instead)");
            }
        }
        List<Path> current;
        try (Stream<Path> s = Files.walk(project.resolve(DIR))) {
            current = s.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
        for (Path p : current) {
            String rel = project.relativize(p).toString().replace('\\', '/');
            if (!NAME.matcher(rel).matches()) {
                problems.add(rel + " is not named " + NAME.pattern());
                continue;
            }
            String[] parts = rel.substring(DIR.length() + 1).split("/");
            if (parts[1].equals("common") && (Files.exists(p.resolveSibling("../sqlite/" + parts[2]).normalize())
                    || Files.exists(p.resolveSibling("../postgresql/" + parts[2]).normalize()))) {
                problems.add(rel + " is also in a dialect folder (a version is either common or per dialect)");
            }
            Path other = p.resolveSibling("../" + (parts[1].equals("sqlite") ? "postgresql/" : "sqlite/") + parts[2]).normalize();
            if (!parts[1].equals("common") && !Files.exists(other)) {
                problems.add(rel + " has no counterpart for the other dialect (or belongs in " + parts[0] + "/common/)");
            } else if (!parts[1].equals("common")
                    && Files.readString(p, StandardCharsets.UTF_8).equals(Files.readString(other, StandardCharsets.UTF_8))) {
                problems.add(rel + " is the same for both dialects: write it once in " + parts[0] + "/common/");
            }
            if (old.contains(rel) || old.stream().anyMatch(o -> common(project, o).equals(p))) {
                continue;
            }
            String sql = Files.readString(p, StandardCharsets.UTF_8);
            if (sql.lines().anyMatch(l -> l.strip().startsWith("-- contract:"))) {
                continue;
            }
            String code = sql.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + " " + b).toUpperCase(Locale.ROOT);
            for (Pattern c : CONTRACTING) {
                if (c.matcher(code).find()) {
                    problems.add(rel + " is not expand-only (" + c.pattern() + "): the previous release may still run on this schema");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theRuleCatchesContractingStatements() {
        String[] bad = {"ALTER TABLE outbox DROP COLUMN kind", "ALTER TABLE outbox RENAME COLUMN kind TO k",
            "ALTER TABLE outbox ALTER COLUMN kind TYPE INTEGER", "ALTER TABLE outbox ALTER COLUMN kind SET NOT NULL",
            "ALTER TABLE outbox ADD COLUMN lease BIGINT NOT NULL", "DROP TABLE outbox"};
        for (String b : bad) {
            assertTrue(CONTRACTING.stream().anyMatch(p -> p.matcher(b).find()), b);
        }
        String[] fine = {"ALTER TABLE outbox ADD COLUMN lease BIGINT", "ALTER TABLE outbox ADD COLUMN n INTEGER NOT NULL DEFAULT 0",
            "CREATE TABLE fhir_leases (key TEXT NOT NULL PRIMARY KEY, holder TEXT)", "CREATE INDEX outbox_x ON outbox(kind)"};
        for (String f : fine) {
            assertTrue(CONTRACTING.stream().noneMatch(p -> p.matcher(f).find()), f);
        }
    }

    /** Where a per-dialect file of the previous release lives when both dialects' copies became one. */
    private static Path common(Path project, String file) {
        Path f = project.resolve(file);
        return f.getParent().resolveSibling("common").resolve(f.getFileName());
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + err);
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
