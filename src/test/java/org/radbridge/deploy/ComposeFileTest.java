package org.radbridge.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.radbridge.settings.Settings;
import org.radbridge.testing.ProjectPaths;

/**
 * docker/compose.yaml, checked structurally (the podman-compose of Debian bookworm, 1.0.3, has no `config` command,
 * and its dry run creates networks; no docker here): the services it names exist, the engine runs the image
 * docker/build-image.sh tags, with a read-only root, /tmp as tmpfs, the image's data volume /data, the engine's
 * default ports, a stop grace period longer than the engine's own, every RADBRIDGE_* variable is the upper-snake
 * name of a real property (the rule the README documents: others would be ignored), and every secret it requires
 * is named in its header.
 */
class ComposeFileTest {

    static final Path PROJECT = ProjectPaths.project();

    @Test
    void composeFileFitsTheImageAndTheEngine() throws Exception {
        String text = Files.readString(PROJECT.resolve("docker/compose.yaml"));
        JsonNode compose = new YAMLMapper().readTree(text);
        JsonNode services = compose.path("services");
        JsonNode rb = services.path("radbridge");
        assertEquals("localhost/radbridge:latest", rb.path("image").asText(), "the tag docker/build-image.sh makes");
        assertTrue(Files.readString(PROJECT.resolve("docker/build-image.sh")).contains("-t \"$repo:latest\""));
        rb.path("depends_on").forEach(d -> assertTrue(services.has(d.asText()), "depends on a missing service " + d));

        Map<String, String> defaults = KubernetesManifestsTest.defaults();
        Set<String> known = defaults.keySet().stream().map(Settings::envName).collect(Collectors.toSet());
        Map<String, String> env = new java.util.TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = rb.path("environment").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            env.put(e.getKey(), e.getValue().asText());
            assertTrue(known.contains(e.getKey()), e.getKey() + " is not the variable of any radbridge.* property (it would be ignored)");
        }
        assertTrue(env.get("RADBRIDGE_DB_URL").contains("//postgres:"), "the database is the postgres service");
        assertTrue(env.get("RADBRIDGE_FHIR_URL").contains("//fhir:"), "FHIR is the fhir service");
        assertEquals("${POSTGRES_PASSWORD}", env.get("RADBRIDGE_DB_PASSWORD"));

        assertTrue(rb.path("read_only").asBoolean(), "read-only root filesystem");
        assertTrue(rb.path("tmpfs").toString().contains("/tmp"), "/tmp as tmpfs");
        Set<String> volumes = new HashSet<>();
        rb.path("volumes").forEach(v -> volumes.add(v.asText()));
        assertTrue(volumes.contains("radbridge:/data"), "the image's VOLUME /data: " + volumes);
        assertTrue(compose.path("volumes").has("radbridge"));
        assertTrue(Files.readString(PROJECT.resolve("docker/Dockerfile")).contains("VOLUME /data"));

        Set<String> containerPorts = new HashSet<>();
        rb.path("ports").forEach(p -> containerPorts.add(p.asText().substring(p.asText().lastIndexOf(':') + 1)));
        assertEquals(Set.of(defaults.get("radbridge.mllp.port"), defaults.get("radbridge.dicom.port"), defaults.get("radbridge.http.port")),
                containerPorts);

        int stop = Integer.parseInt(rb.path("stop_grace_period").asText().replace("s", ""));
        int grace = Integer.parseInt(env.get("RADBRIDGE_SHUTDOWN_GRACE_SECONDS"));
        assertTrue(stop > grace, "compose kills only after the engine's grace period");

        String header = text.substring(0, text.indexOf("services:"));
        Matcher required = Pattern.compile("\\$\\{([A-Z_]+)(:\\?[^}]*)?}").matcher(text);
        while (required.find()) {
            assertTrue(header.contains(required.group(1)), required.group(1) + " is used but not named in the header");
        }
    }

    @Test
    void theReadmesVariablesAreRealProperties() throws Exception {
        Set<String> known = KubernetesManifestsTest.defaults().keySet().stream().map(Settings::envName).collect(Collectors.toSet());
        known.add("RADBRIDGE_CONFIG"); // the properties file itself
        known.add("RADBRIDGE_JAVA_OPTS"); // bin/radbridge's JVM flags
        known.add("RADBRIDGE_BASE_IMAGE"); // docker/build-image.sh
        Matcher m = Pattern.compile("\\bRADBRIDGE_[A-Z0-9_]+").matcher(Files.readString(PROJECT.resolve("README.md"))
                + Files.readString(PROJECT.resolve("docs/deploy.md")));
        while (m.find()) {
            String name = m.group();
            assertTrue(known.contains(name) || name.startsWith("RADBRIDGE_IMAGE") || name.equals("RADBRIDGE_SKIP_PACKAGE")
                    || name.equals("RADBRIDGE_TEST_BASE") || name.equals("RADBRIDGE_BUILD_NETWORK"), name + " is documented but is no property");
        }
    }
}
