package org.radbridge.deid;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.radbridge.mapping.MappingException;
import org.radbridge.mapping.Mappings;

/**
 * Loads profiles from mappings/deid/ (site overlay first): {@code deid/<name>.yaml}, with the restricted
 * ZIP3 list the profile names ({@code zip3: restricted-zip3.yaml}, the default); a profile may take its rules from
 * a shared file ({@code extends:}, {@link ProfileYaml}). A profile that cannot be read stops start-up with the
 * file's name and what is wrong.
 */
public final class Profiles {

    public static final String DIR = "deid/";

    private final Mappings mappings;
    private final Map<String, Profile> cache = new ConcurrentHashMap<>();

    public Profiles(Mappings mappings) {
        this.mappings = mappings;
    }

    public Profile get(String name) {
        return cache.computeIfAbsent(name, this::load);
    }

    private Profile load(String name) {
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new MappingException(DIR + name, "a profile name is lower case letters, digits and dashes");
        }
        String file = DIR + name + ".yaml";
        if (!mappings.exists(file)) {
            throw new MappingException(file, "no such de-identification profile");
        }
        JsonNode tree = ProfileYaml.compose(mappings, file);
        String zipFile = DIR + tree.path("zip3").asText("restricted-zip3.yaml");
        try {
            return Profile.of(name, tree, Zip3.load(mappings, zipFile));
        } catch (MappingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MappingException(mappings.origin(file), e.getMessage());
        }
    }

    public Mappings mappings() {
        return mappings;
    }
}
