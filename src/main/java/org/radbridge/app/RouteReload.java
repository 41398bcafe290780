package org.radbridge.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.radbridge.config.ConfigCheck;
import org.radbridge.config.Reloadable;
import org.radbridge.mapping.Mappings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Camel YAML routes of a folder (radbridge.routes.dir) as a reloadable part: a reload re-reads the folder, and
 * between messages replaces the routes of every changed file (Camel replaces a route by its id), adds the routes of
 * new files and removes those of deleted files. Files that did not change are not touched (their listeners stay up).
 */
final class RouteReload implements Reloadable {

    private static final Logger LOG = LoggerFactory.getLogger(RouteReload.class);

    private final CamelContext camel;
    private final Path dir;
    private volatile Map<Path, String> loaded;

    RouteReload(CamelContext camel, Path dir) throws IOException {
        this.camel = camel;
        this.dir = dir.toAbsolutePath().normalize();
        this.loaded = read(this.dir);
    }

    @Override
    public String name() {
        return "routes (" + dir + ")";
    }

    @Override
    public Swap prepare(Mappings next) throws Exception {
        List<ConfigCheck.Problem> problems = ConfigCheck.routes(dir);
        if (!problems.isEmpty()) {
            ConfigCheck.Problem p = problems.get(0);
            throw new org.radbridge.mapping.MappingException(p.file(), p.line(), p.problem());
        }
        Map<Path, String> now = read(dir);
        Map<Path, String> before = loaded;
        List<Path> changed = new ArrayList<>();
        now.forEach((p, text) -> {
            if (!text.equals(before.get(p))) {
                changed.add(p);
            }
        });
        List<Path> removed = before.keySet().stream().filter(p -> !now.containsKey(p)).toList();
        return () -> {
            for (Path p : removed) {
                for (Route r : routesOf(p)) {
                    camel.getRouteController().stopRoute(r.getRouteId());
                    camel.removeRoute(r.getRouteId());
                }
            }
            for (Path p : changed) {
                var ids = PluginHelper.getRoutesLoader(camel).updateRoutes(ResourceHelper.fromString("file:" + p, now.get(p)));
                LOG.info("Routes of {} reloaded: {}", p.getFileName(), ids);
            }
            loaded = now;
        };
    }

    private List<Route> routesOf(Path file) {
        List<Route> out = new ArrayList<>();
        for (Route r : camel.getRoutes()) {
            if (r.getSourceResource() != null && r.getSourceResource().getLocation().endsWith(file.toString())) {
                out.add(r);
            }
        }
        return out;
    }

    private static Map<Path, String> read(Path dir) throws IOException {
        Map<Path, String> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.camel.yaml")) {
            for (Path f : files) {
                out.put(f.toAbsolutePath().normalize(), Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
