package org.radbridge.site;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.radbridge.hl7.AckCode;
import org.radbridge.hl7.Hl7Error;
import org.radbridge.intake.Inbound;
import org.radbridge.intake.SiteHooks;
import org.radbridge.mapping.Mappings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The site's own Camel YAML routes (radbridge.routes.site-dir, docs/site-adaptation.md "Site routes"): loaded
 * with the engine's routes, and reloadable between messages ({@link #reload}). A route whose consumer is
 * {@code direct:site-before-<flow>} or {@code direct:site-after-<flow>} is a hook ({@link SiteHooks}) the engine
 * calls with the HL7 text; the route may work on the text, or on HAPI's typed model through camel-hl7 (the
 * {@code hl7} data format, the {@code hl7terser} language, the {@code siteHl7} bean to set fields). Other site
 * routes are helpers the hooks call. Every site route needs an id starting with "site-".
 */
public final class SiteRoutes implements SiteHooks {

    private static final Logger LOG = LoggerFactory.getLogger(SiteRoutes.class);
    private static final String DIRECT = "direct:";
    private static final long ATTACH_WAIT_SECONDS = 60;

    /** What the site folder holds: each file's text, the route ids, the hooks. */
    public record Scan(Map<String, String> files, List<String> routeIds, Set<String> hooks) {
    }

    private final Path dir;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final CountDownLatch attached = new CountDownLatch(1);
    private volatile Scan current;
    private volatile CamelContext camel;
    private volatile ProducerTemplate template;

    private SiteRoutes(Path dir, Scan scan) {
        this.dir = dir;
        this.current = scan;
    }

    /** The site folder of radbridge.routes.site-dir (null or blank: none), checked; throws {@link SiteRouteException}. */
    public static SiteRoutes open(String siteDir) {
        Path d = siteDir == null || siteDir.isBlank() ? null : Path.of(siteDir);
        return new SiteRoutes(d, scan(d));
    }

    /** The Camel Main include pattern of the site routes, or null without a site folder. */
    public String includePattern() {
        return dir == null || current.files().isEmpty() ? null : "file:" + dir.toAbsolutePath() + "/*.camel.yaml";
    }

    public Path dir() {
        return dir;
    }

    @Override
    public Set<String> names() {
        return current.hooks();
    }

    /** The site route ids now running. */
    public List<String> routeIds() {
        return current.routeIds();
    }

    /** The before-hooks, each with the bean the routing slip calls ({@link Inbound#hookBean}). */
    public Map<String, Object> hookBeans() {
        return hookBeans(this, current.hooks());
    }

    private static Map<String, Object> hookBeans(SiteHooks site, Set<String> hooks) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String h : hooks) {
            if (h.startsWith("site-before-")) {
                out.put(Inbound.hookBean(h), new BeforeHook(site, h, h.substring("site-before-".length())));
            }
        }
        return out;
    }

    /** Called once the Camel context (with the site routes loaded by Camel Main) runs. */
    public void attach(CamelContext ctx) {
        this.camel = ctx;
        this.template = ctx.createProducerTemplate();
        attached.countDown();
        if (!current.routeIds().isEmpty()) {
            LOG.info("Site routes from {}: {} (hooks {})", dir, current.routeIds(), current.hooks());
        }
    }

    /**
     * Reads the site folder again and swaps its routes between messages: the new files are checked first
     * (an invalid folder is refused with the file and the problem, and the running routes stay); then, while
     * no hook runs, the old routes are removed and the new ones added. If Camel refuses the new routes, the
     * previous ones are restored and the error is thrown.
     *
     * @return what now runs
     */
    public synchronized Scan reload() throws Exception {
        Scan next = scan(dir);
        CamelContext ctx = requireCamel();
        for (Route r : ctx.getRoutes()) {
            if (next.routeIds().contains(r.getRouteId()) && !current.routeIds().contains(r.getRouteId())) {
                throw new SiteRouteException("route id " + r.getRouteId() + " is already used by the engine");
            }
        }
        lock.writeLock().lock();
        try {
            Scan previous = current;
            remove(ctx, previous.routeIds());
            try {
                load(ctx, next);
            } catch (Exception e) {
                remove(ctx, next.routeIds());
                load(ctx, previous);
                throw new SiteRouteException("the site routes were refused by Camel, the previous ones run again: " + e.getMessage(), e);
            }
            hookBeans(this, next.hooks()).forEach(ctx.getRegistry()::bind);
            current = next;
            LOG.info("Site routes reloaded from {}: {} (hooks {})", dir, next.routeIds(), next.hooks());
            return next;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static void remove(CamelContext ctx, List<String> ids) throws Exception {
        for (String id : ids) {
            if (ctx.getRoute(id) != null) {
                ctx.getRouteController().stopRoute(id);
                ctx.removeRoute(id);
            }
        }
    }

    private static void load(CamelContext ctx, Scan s) throws Exception {
        List<Resource> resources = new ArrayList<>();
        for (Map.Entry<String, String> f : s.files().entrySet()) {
            resources.add(ResourceHelper.fromString("file:" + f.getKey(), f.getValue()));
        }
        if (!resources.isEmpty()) {
            PluginHelper.getRoutesLoader(ctx).loadRoutes(resources);
        }
    }

    private CamelContext requireCamel() throws InterruptedException {
        if (!attached.await(ATTACH_WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the site routes are not running yet");
        }
        return camel;
    }

    @Override
    public String call(String hook, String text, Map<String, Object> headers) {
        try {
            requireCamel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(hook, "interrupted while the site routes were starting");
        } catch (IllegalStateException e) {
            throw failed(hook, "the site routes are not running");
        }
        lock.readLock().lock();
        try {
            if (!current.hooks().contains(hook)) {
                return text; // removed by a reload since the message was screened: nothing to do
            }
            Exchange ex = template.request(DIRECT + hook, e -> {
                e.getMessage().setBody(text);
                headers.forEach(e.getMessage()::setHeader);
                e.getMessage().setHeader(HOOK, hook);
            });
            // the engine's error handling (routes/error-handling.camel.yaml) handles every route's exception: it is kept here
            Exception e = ex.getException() != null ? ex.getException() : ex.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            if (e != null) {
                // one line, no payload: the exception's text may quote field values and goes to the ACK only
                LOG.warn("site route {} failed on a {} message: {}", hook, headers.get(MESSAGE_TYPE), e.getClass().getName());
                throw failed(hook, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            return SiteBodies.text(ex);
        } finally {
            lock.readLock().unlock();
        }
    }

    static Hl7Error failed(String hook, String why) {
        String w = why == null ? "" : why.length() > 200 ? why.substring(0, 200) + "..." : why;
        return new Hl7Error(AckCode.AR, Hl7Error.Code.INTERNAL_ERROR, null, "site route " + hook + " failed: " + w);
    }

    /** Reads and checks the *.camel.yaml files of a site folder (null: none). */
    public static Scan scan(Path dir) {
        if (dir == null) {
            return new Scan(Map.of(), List.of(), Set.of());
        }
        if (!Files.isDirectory(dir)) {
            throw new SiteRouteException("radbridge.routes.site-dir: " + dir + " is not a directory");
        }
        Map<String, String> files = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        Set<String> hooks = new LinkedHashSet<>();
        List<Path> paths;
        try (Stream<Path> st = Files.list(dir)) {
            paths = st.filter(p -> p.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
        } catch (IOException e) {
            throw new SiteRouteException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        for (Path p : paths) {
            String name = p.getFileName().toString();
            String text;
            JsonNode root;
            try {
                text = Files.readString(p, StandardCharsets.UTF_8);
                root = Mappings.yamlMapper().readTree(text);
            } catch (JsonProcessingException e) {
                throw new SiteRouteException(name + ", line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage(), e);
            } catch (IOException e) {
                throw new SiteRouteException("cannot read " + p + ": " + e.getMessage(), e);
            }
            if (root == null || root.isMissingNode() || root.isNull()) {
                files.put(p.toAbsolutePath().toString(), text);
                continue;
            }
            if (!root.isArray()) {
                throw new SiteRouteException(name + ": a list of \"- route:\" entries is expected");
            }
            int n = 0;
            for (JsonNode item : root) {
                n++;
                JsonNode route = item.get("route");
                if (route == null || item.size() != 1) {
                    throw new SiteRouteException(name + ", entry " + n + ": only \"- route:\" entries are allowed in site routes");
                }
                String id = route.path("id").asText("");
                if (!id.startsWith("site-")) {
                    throw new SiteRouteException(name + ", entry " + n + ": every site route needs an id starting with \"site-\"");
                }
                if (ids.contains(id)) {
                    throw new SiteRouteException(name + ", entry " + n + ": route id " + id + " is used twice");
                }
                ids.add(id);
                String uri = route.path("from").path("uri").asText("");
                if (uri.isEmpty()) {
                    throw new SiteRouteException(name + ", route " + id + ": from.uri is missing");
                }
                String hook = hookOf(uri);
                if (hook != null && !hooks.add(hook)) {
                    throw new SiteRouteException(name + ", route " + id + ": a second route consumes direct:" + hook);
                }
            }
            files.put(p.toAbsolutePath().toString(), text);
        }
        return new Scan(Map.copyOf(files), List.copyOf(ids), Set.copyOf(hooks));
    }

    /** "direct:site-before-x" (also "direct://site-before-x?..."): "site-before-x"; else null. */
    static String hookOf(String uri) {
        if (!uri.startsWith(DIRECT)) {
            return null;
        }
        String rest = uri.substring(DIRECT.length());
        if (rest.startsWith("//")) {
            rest = rest.substring(2);
        }
        int q = rest.indexOf('?');
        if (q >= 0) {
            rest = rest.substring(0, q);
        }
        return rest.startsWith("site-before-") || rest.startsWith("site-after-") ? rest : null;
    }
}
