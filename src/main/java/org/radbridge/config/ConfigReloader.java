package org.radbridge.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.AuditTrail;
import org.radbridge.engine.http.Response;
import org.radbridge.mapping.Mappings;
import org.radbridge.metrics.Metrics;
import org.radbridge.settings.Settings;
import org.radbridge.store.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload (docs/site-adaptation.md "Reloading configuration"): re-reads mappings/ (with the overlay), peers, code
 * tables and routes/, validates everything first ({@link ConfigCheck}, the check-config logic, then every registered
 * {@link Reloadable}'s prepare), and swaps all parts at once between messages ({@link ConfigGate}). An invalid
 * configuration is refused with its problems (file and line) and the running one stays. Each reload is audited
 * (who, which files changed, the digest); the digest is recorded on every journal entry from then on; held effects
 * are released afterwards ({@link Holding#releaseAll}).
 */
public final class ConfigReloader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);

    /** What a reload did: applied or refused with problems; the digests, changed files and released held effects. */
    public record Result(boolean applied, String digest, String previousDigest, List<String> changedFiles,
            List<ConfigCheck.Problem> problems, int released, int stillHeld, String detail) {
    }

    private final Settings settings;
    private final java.util.Map<String, java.util.function.Consumer<Mappings>> loaders;
    private final Mappings live;
    private final Journal journal;
    private final AuditTrail audit;
    private final Metrics metrics;
    private final ConfigGate gate;
    private final Holding holding;
    private final Duration swapTimeout;
    private final List<Reloadable> parts = new CopyOnWriteArrayList<>();
    private final Map<String, Path> folders = new LinkedHashMap<>();
    private final List<Path> routeDirs = new CopyOnWriteArrayList<>();
    private volatile ConfigDigest.Snapshot current;

    public ConfigReloader(Settings settings, java.util.Map<String, java.util.function.Consumer<Mappings>> loaders, Mappings live, Journal journal, AuditTrail audit, Metrics metrics, ConfigGate gate,
            Holding holding, Duration swapTimeout) {
        this.settings = settings;
        this.loaders = loaders;
        this.live = live;
        this.journal = journal;
        this.audit = audit;
        this.metrics = metrics;
        this.gate = gate;
        this.holding = holding;
        this.swapTimeout = swapTimeout;
        folder("mappings", live.dir());
        folder("overlay", live.overlay());
    }

    /** Adds a part that a reload rebuilds (modules; after merging also alert rules and site routes). */
    public void register(Reloadable r) {
        parts.add(r);
    }

    /** Adds a folder whose files count in the digest and in "which files changed" (label: "routes", "site-routes"...). */
    public synchronized void folder(String label, Path dir) {
        if (dir != null) {
            folders.put(label, dir);
        }
    }

    /** A folder of Camel YAML routes: digested and syntax-checked on every reload. */
    public synchronized void routeFolder(String label, Path dir) {
        if (dir != null) {
            folder(label, dir);
            routeDirs.add(dir);
        }
    }

    public synchronized Map<String, Path> folders() {
        return Map.copyOf(folders);
    }

    /** The digest now in force (computed at start, then by each applied reload). */
    public String digest() {
        return current == null ? null : current.digest();
    }

    /** At start, once the folders are registered: the starting configuration's digest, recorded on journal entries. */
    public synchronized void started() {
        ConfigDigest.Snapshot now = ConfigDigest.of(folders());
        if (current == null || !current.digest().equals(now.digest())) {
            LOG.info("Configuration digest {} ({} files)", now.digest(), now.files().size());
        }
        current = now;
        journal.configDigest(now.digest());
    }

    /** Validates, swaps and audits; {@code who} and {@code remote} name the caller ("file-watcher" for the watcher). */
    public synchronized Result reload(String who, String remote) {
        ConfigDigest.Snapshot before = current == null ? ConfigDigest.of(folders()) : current;
        ConfigDigest.Snapshot next = ConfigDigest.of(folders());
        List<String> changed = next.changedSince(before);
        Mappings fresh = live.fresh();
        List<ConfigCheck.Problem> problems = new ArrayList<>(ConfigCheck.run(fresh, loaders, List.copyOf(routeDirs)));
        List<Reloadable.Swap> swaps = new ArrayList<>();
        if (problems.isEmpty()) {
            for (Reloadable r : parts) {
                try {
                    swaps.add(r.prepare(fresh));
                } catch (Exception e) {
                    problems.add(ConfigCheck.problem(r.name(), e));
                }
            }
        }
        if (!problems.isEmpty()) {
            refused(who, remote, next, changed, problems);
            return new Result(false, before.digest(), before.digest(), changed, problems, 0, (int) holding.store().count(),
                    "invalid configuration: the running one stays");
        }
        try {
            gate.exclusive(swapTimeout, () -> {
                for (Reloadable.Swap s : swaps) {
                    s.commit();
                }
                live.reload();
                current = next;
                journal.configDigest(next.digest());
                return null;
            });
        } catch (ConfigGate.Busy e) {
            problems.add(new ConfigCheck.Problem("engine", 0, e.getMessage()));
            refused(who, remote, next, changed, problems);
            return new Result(false, before.digest(), before.digest(), changed, problems, 0, (int) holding.store().count(), e.getMessage());
        } catch (Exception e) {
            // a part failed while swapping (its prepare passed): what was committed stays; say so loudly once
            LOG.error("Configuration reload failed while swapping; parts swapped before the failure are in force", e);
            problems.add(ConfigCheck.problem("swap", e));
            refused(who, remote, next, changed, problems);
            return new Result(false, next.digest(), before.digest(), changed, problems, 0, (int) holding.store().count(),
                    "the swap failed part-way: see the log");
        }
        metrics.inc("radbridge_config_reloads_total", "Configuration reloads applied since start");
        audit.record(new AuditEvent(AuditEvent.APPLICATION_ACTIVITY, AuditEvent.SUCCESS, who, remote, null, "configuration",
                next.digest(), json(Map.of("action", "config-reload", "digest", next.digest(), "previousDigest", before.digest(),
                        "changedFiles", changed))));
        LOG.info("Configuration reloaded by {}: digest {} -> {}, {} file(s) changed", who, before.digest(), next.digest(), changed.size());
        List<Holding.Outcome> released = holding.releaseAll(who);
        int ok = (int) released.stream().filter(Holding.Outcome::released).count();
        return new Result(true, next.digest(), before.digest(), changed, List.of(), ok, released.size() - ok, "applied");
    }

    private void refused(String who, String remote, ConfigDigest.Snapshot next, List<String> changed, List<ConfigCheck.Problem> problems) {
        metrics.inc("radbridge_config_reload_refusals_total", "Configuration reloads refused (invalid configuration) since start");
        LOG.warn("Configuration reload by {} refused: {} problem(s), first: {}", who, problems.size(), problems.get(0));
        audit.record(new AuditEvent(AuditEvent.APPLICATION_ACTIVITY, AuditEvent.MINOR_FAILURE, who, remote, null, "configuration",
                next.digest(), json(Map.of("action", "config-reload", "refused", true, "changedFiles", changed,
                        "problems", problems.stream().map(ConfigCheck.Problem::toString).toList()))));
    }

    private static String json(Object o) {
        try {
            return Response.JSON.copy().disable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "{}";
        }
    }
}
