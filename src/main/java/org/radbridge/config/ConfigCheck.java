package org.radbridge.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.radbridge.settings.ConfigException;
import org.radbridge.mapping.MappingException;
import org.radbridge.mapping.Mappings;

/**
 * The {@code check-config} logic, shared by the command and by a reload: reads every mapping file through the same
 * loaders the engine uses (peers, message flows, DICOM AEs, worklist and FHIR mappings, code tables, MPPS transitions
 * and forwarding, HL7 destinations, notifications, de-identification targets) and parses the Camel YAML routes; every
 * problem is collected with its file and line (0 when the loader does not know it), nothing stops at the first.
 */
public final class ConfigCheck {

    /** One problem: file (or the part's name), line (1-based, 0 = unknown), what is wrong. */
    public record Problem(String file, int line, String problem) {

        @Override
        public String toString() {
            return file + (line > 0 ? ":" + line : "") + ": " + problem;
        }
    }

    /** Top-level keys of Camel's YAML DSL that a routes file may hold. */
    private static final Set<String> ROUTE_KEYS = Set.of("route", "from", "rest", "routeConfiguration", "routeTemplate",
            "templatedRoute", "beans", "errorHandler", "onException", "onCompletion", "intercept", "interceptFrom",
            "interceptSendToEndpoint", "camelContext", "dataFormats", "restConfiguration", "kamelet");

    private ConfigCheck() {
    }

    /**
     * Every problem of the mapping files, read by {@code loaders} (by part name: each reads its files from the given
     * Mappings and throws on a problem; the assembly's list is {@code app.MappingLoaders}), and of the YAML route files
     * in {@code routeDirs}.
     */
    public static List<Problem> run(Mappings m, Map<String, Consumer<Mappings>> loaders, List<Path> routeDirs) {
        List<Problem> out = new ArrayList<>();
        for (Map.Entry<String, Consumer<Mappings>> e : loaders.entrySet()) {
            try {
                e.getValue().accept(m);
            } catch (RuntimeException ex) {
                out.add(problem(e.getKey(), ex));
            }
        }
        for (Path dir : routeDirs) {
            out.addAll(routes(dir));
        }
        return out;
    }

    /** A loader's exception as a problem with its file and line where it names them. */
    public static Problem problem(String part, Throwable ex) {
        if (ex instanceof MappingException me) {
            return new Problem(me.file(), me.line(), me.problem());
        }
        if (ex instanceof ConfigException ce) {
            return new Problem(part, 0, ce.getMessage());
        }
        return new Problem(part, 0, ex.getMessage() == null ? ex.toString() : ex.getMessage());
    }

    /** The *.camel.yaml files of a folder: valid YAML, a list of DSL elements (route, from, rest, beans...). */
    public static List<Problem> routes(Path dir) {
        List<Problem> out = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.camel.yaml")) {
            for (Path f : files) {
                out.addAll(routeFile(f));
            }
        } catch (IOException e) {
            out.add(new Problem(dir.toString(), 0, "cannot be read: " + e.getMessage()));
        }
        return out;
    }

    static List<Problem> routeFile(Path f) {
        List<Problem> out = new ArrayList<>();
        JsonNode root;
        try {
            root = Mappings.yamlMapper().readTree(f.toFile());
        } catch (JsonProcessingException e) {
            out.add(new Problem(f.toString(), e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "not valid YAML: " + e.getOriginalMessage()));
            return out;
        } catch (IOException e) {
            out.add(new Problem(f.toString(), 0, "cannot be read: " + e.getMessage()));
            return out;
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return out;
        }
        if (!root.isArray()) {
            out.add(new Problem(f.toString(), 1, "a Camel YAML routes file is a list (\"- route: ...\")"));
            return out;
        }
        int i = 0;
        for (JsonNode n : root) {
            i++;
            if (!n.isObject() || n.size() != 1 || !ROUTE_KEYS.contains(n.fieldNames().next())) {
                out.add(new Problem(f.toString(), 0, "element " + i + " is not a Camel DSL element (route, from, rest, beans...)"));
            } else if (n.has("route") && !n.path("route").has("from")) {
                out.add(new Problem(f.toString(), 0, "element " + i + " (route " + n.path("route").path("id").asText("?") + ") has no from"));
            }
        }
        return out;
    }
}
