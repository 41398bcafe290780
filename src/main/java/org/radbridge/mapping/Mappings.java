package org.radbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The declarative files under mappings/: looked up first in the site overlay folder
 * (radbridge.mappings.overlay-dir), then in the mappings folder (radbridge.mappings.dir), then in the
 * copy packaged in the jar. YAML is read once and cached; a file that cannot be parsed stops start-up
 * with its name.
 */
public final class Mappings {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path dir;
    private final Path overlay;
    private final Map<String, JsonNode> cache = new ConcurrentHashMap<>();

    public Mappings(Path dir, Path overlay) {
        this.dir = dir;
        this.overlay = overlay;
    }

    /** Only the packaged defaults (tests, CLI without a project folder). */
    public static Mappings packaged() {
        return new Mappings(null, null);
    }

    public static ObjectMapper yamlMapper() {
        return YAML;
    }

    /** Where a file comes from, for messages: the overlay, the folder or "classpath:". */
    public String origin(String relative) {
        if (overlay != null && Files.isRegularFile(overlay.resolve(relative))) {
            return overlay.resolve(relative).toString();
        }
        if (dir != null && Files.isRegularFile(dir.resolve(relative))) {
            return dir.resolve(relative).toString();
        }
        return "classpath:mappings/" + relative;
    }

    public boolean exists(String relative) {
        if (overlay != null && Files.isRegularFile(overlay.resolve(relative))) {
            return true;
        }
        if (dir != null && Files.isRegularFile(dir.resolve(relative))) {
            return true;
        }
        return Mappings.class.getClassLoader().getResource("mappings/" + relative) != null;
    }

    /** Opens a mapping file; null when it exists nowhere. */
    public InputStream open(String relative) throws IOException {
        if (overlay != null && Files.isRegularFile(overlay.resolve(relative))) {
            return Files.newInputStream(overlay.resolve(relative));
        }
        if (dir != null && Files.isRegularFile(dir.resolve(relative))) {
            return Files.newInputStream(dir.resolve(relative));
        }
        return Mappings.class.getClassLoader().getResourceAsStream("mappings/" + relative);
    }

    /** The YAML tree of a file; a missing file is an error naming it. */
    public JsonNode yaml(String relative) {
        return cache.computeIfAbsent(relative, r -> {
            try (InputStream in = open(r)) {
                if (in == null) {
                    throw new MappingException(r, "file not found in overlay, mappings folder or jar");
                }
                JsonNode n = YAML.readTree(in);
                return n == null ? YAML.createObjectNode() : n;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
                throw new MappingException(origin(r), line, "not valid YAML: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new MappingException(origin(r), "cannot be read: " + e.getMessage());
            }
        });
    }

    /** The YAML of a file bound to a type. */
    public <T> T yaml(String relative, Class<T> type) {
        try {
            return YAML.treeToValue(yaml(relative), type);
        } catch (IOException e) {
            throw new MappingException(origin(relative), "does not fit " + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Forgets cached files (after an operator changed them): config.ConfigReloader, after a reload was swapped in. */
    public void reload() {
        cache.clear();
    }

    /** The same folders, nothing read yet: what a reload validates and builds from before it swaps. */
    public Mappings fresh() {
        return new Mappings(dir, overlay);
    }

    /** radbridge.mappings.dir, or null (packaged copies only). */
    public Path dir() {
        return dir;
    }

    /** radbridge.mappings.overlay-dir, or null. */
    public Path overlay() {
        return overlay;
    }
}
