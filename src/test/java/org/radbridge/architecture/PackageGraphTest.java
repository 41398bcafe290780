package org.radbridge.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.radbridge.testing.ProjectPaths;

/**
 * The layering of docs/architecture.md, checked on the main code the way docs/tools/package-graph.py draws it
 * (imports and fully qualified names; a sub-package counts as its top package): only {@code app} and {@code cli}
 * use {@code app} and the HTTP server {@code api} (features register their routes through the module contract,
 * {@code engine.http}), and no two main packages depend on each other through any path.
 */
class PackageGraphTest {

    private static final Pattern REF = Pattern.compile("\\borg\\.radbridge\\.([a-z][a-z0-9_]*)\\.");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    static Map<String, Set<String>> graph() throws IOException {
        Path base = ProjectPaths.project().resolve("src/main/java/org/radbridge");
        Map<String, Set<String>> edges = new TreeMap<>();
        try (Stream<Path> files = Files.walk(base)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path rel = base.relativize(f);
                if (rel.getNameCount() < 2) {
                    continue;
                }
                String from = rel.getName(0).toString();
                Set<String> to = edges.computeIfAbsent(from, k -> new TreeSet<>());
                String text = COMMENT.matcher(Files.readString(f, StandardCharsets.UTF_8)).replaceAll("");
                Matcher m = REF.matcher(text);
                while (m.find()) {
                    if (!m.group(1).equals(from)) {
                        to.add(m.group(1));
                    }
                }
            }
        }
        return edges;
    }

    @Test
    void onlyTheAssemblyUsesApp() throws IOException {
        List<String> users = new ArrayList<>();
        graph().forEach((from, to) -> {
            if (to.contains("app") && !from.equals("cli")) {
                users.add(from);
            }
        });
        assertEquals(List.of(), users, "packages other than app and cli that use org.radbridge.app");
    }

    /** The feature modules (floor 3 of docs/architecture.md): they implement {@code engine.EngineModule}. */
    static final Set<String> FEATURES = Set.of("config", "worklist", "fhir", "notify", "procedure", "availability", "deid",
            "explain", "alert", "console");

    @Test
    void featuresReachTheHttpServerOnlyThroughTheModuleContract() throws IOException {
        Map<String, Set<String>> g = graph();
        List<String> users = new ArrayList<>();
        g.forEach((from, to) -> {
            if (to.contains("api") && !from.equals("app") && !from.equals("cli")) {
                users.add(from);
            }
        });
        assertEquals(List.of(), users, "packages other than app and cli that use org.radbridge.api (features register "
                + "their routes through engine.EngineContext.http(), engine.http)");
        Set<String> known = new TreeSet<>(g.getOrDefault("api", Set.of()));
        known.retainAll(FEATURES);
        assertEquals(Set.of(), known, "feature packages the HTTP server imports");
        assertTrue(g.get("engine").stream().noneMatch(p -> p.equals("api") || FEATURES.contains(p)),
                "the module contract imports neither the HTTP server nor a feature: " + g.get("engine"));
    }

    @Test
    void noPackageCycle() throws IOException {
        Map<String, Set<String>> g = graph();
        List<String> cycles = new ArrayList<>();
        Map<String, Set<String>> reach = new HashMap<>();
        for (String p : g.keySet()) {
            reach.put(p, reachable(g, p));
        }
        for (String a : g.keySet()) {
            for (String b : g.get(a)) {
                if (reach.getOrDefault(b, Set.of()).contains(a)) {
                    cycles.add(a + " -> " + b + " -> ... -> " + a);
                }
            }
        }
        assertTrue(cycles.isEmpty(), "package cycles (python3 docs/tools/package-graph.py names them): " + cycles);
    }

    private static Set<String> reachable(Map<String, Set<String>> g, String from) {
        Set<String> seen = new TreeSet<>();
        List<String> todo = new ArrayList<>(g.getOrDefault(from, Set.of()));
        while (!todo.isEmpty()) {
            String p = todo.remove(todo.size() - 1);
            if (seen.add(p)) {
                todo.addAll(g.getOrDefault(p, Set.of()));
            }
        }
        return seen;
    }
}
