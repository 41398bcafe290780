package org.radbridge.explain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.radbridge.settings.Settings;
import org.radbridge.intake.Inbound;
import org.radbridge.log.RateLimitedLog;
import org.radbridge.metrics.Metrics;
import org.radbridge.threads.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shadow run (docs/site-adaptation.md): a candidate mapping folder (radbridge.mappings.shadow-dir) runs beside the
 * live configuration on live traffic. Its files are laid over the live ones (mappings/ and the overlay, file by
 * file) in a dry-run engine ({@link DryRuns}) whose effects are never applied; each message the live engine processed is explained
 * with both configurations (two {@link Explainer} dry runs on the same bytes) and the {@link ReportDiff differences}
 * are kept in {@link ShadowStore} (durable, one report per journal entry). It runs on its own thread from a bounded
 * queue: live traffic never waits for it; when the queue is full a message is not shadowed (counted in
 * radbridge_shadow_skipped_total).
 */
public final class ShadowRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowRun.class);

    private record Item(long messageId, byte[] raw, String type, String controlId) {
    }

    private final Settings settings;
    private final Path candidate;
    private final Explainer live;
    private final ShadowStore store;
    private final Metrics metrics;
    private final BlockingQueue<Item> queue;
    private final RateLimitedLog failures = new RateLimitedLog(LOG, RateLimitedLog.MINUTE);
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final java.util.concurrent.locks.ReentrantLock swap = new java.util.concurrent.locks.ReentrantLock();
    private final DryRuns dryRuns;
    private volatile DryRuns.DryRun shadow;
    private volatile Path overlay;
    private volatile Thread worker;
    private volatile boolean closed;

    public ShadowRun(Settings settings, DryRuns dryRuns, Path candidate, Explainer live, ShadowStore store, Metrics metrics, int capacity) {
        this.settings = settings;
        this.dryRuns = dryRuns;
        this.candidate = candidate;
        this.live = live;
        this.store = store;
        this.metrics = metrics;
        this.queue = new ArrayBlockingQueue<>(capacity);
        metrics.collector(m -> {
            m.set("radbridge_shadow_pending", "Messages waiting for the shadow run", queue.size());
            m.set("radbridge_shadow_reports_total", "Messages explained by the shadow run since start", done.get());
            m.set("radbridge_shadow_skipped_total", "Messages not shadowed because the shadow queue was full, since start",
                    skipped.get());
        });
    }

    /** Builds the candidate configuration (live overlay + candidate folder) and its dry-run engine. */
    public void start() throws Exception {
        rebuild();
        Thread t = Threads.daemon("shadow-run", this::loop);
        worker = t;
        t.start();
        LOG.info("Shadow run: candidate mappings {} laid over the live configuration; reports at GET /api/shadow", candidate);
    }

    /**
     * (Re)builds the shadow engine from the files as they are now: the live overlay copied, the candidate folder laid
     * over it. Called at start; a configuration reload of the live engine should call it too, so the shadow compares
     * against the configuration in force (the message being compared finishes on the old one).
     */
    public void rebuild() throws Exception {
        Path next = Files.createTempDirectory("radbridge-shadow-overlay");
        DryRuns.DryRun app;
        try {
            if (settings.isSet("radbridge.mappings.overlay-dir")) {
                copyTree(Path.of(settings.get("radbridge.mappings.overlay-dir")), next);
            }
            copyTree(candidate, next);
            app = dryRuns.start(settings.with(java.util.Map.of("radbridge.mappings.overlay-dir", next.toString())));
        } catch (Exception | Error e) {
            delete(next);
            throw e;
        }
        DryRuns.DryRun old;
        Path oldOverlay;
        swap.lock();
        try {
            old = shadow;
            oldOverlay = overlay;
            shadow = app;
            overlay = next;
        } finally {
            swap.unlock();
        }
        if (old != null) {
            old.close();
        }
        if (oldOverlay != null) {
            delete(oldOverlay);
        }
    }

    /** The feed from the journal writer: the message is queued, never waited for. */
    public void offer(Inbound in) {
        if (closed) {
            return;
        }
        Item it = new Item(in.journalId(), in.raw(), in.messageType(), in.message() == null ? null : in.message().controlId());
        if (!queue.offer(it)) {
            skipped.incrementAndGet();
        }
    }

    public int pending() {
        return queue.size();
    }

    public long skipped() {
        return skipped.get();
    }

    public Path candidate() {
        return candidate;
    }

    private void loop() {
        while (!closed) {
            Item it;
            try {
                it = queue.poll(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (it == null) {
                continue;
            }
            try {
                compare(it);
                done.incrementAndGet();
                failures.recovered("shadow", "shadow run working again");
            } catch (RuntimeException e) {
                failures.failure("shadow", e, "shadow run failed for journal entry {}: {}", it.messageId(), e.toString());
            }
        }
    }

    private void compare(Item it) {
        ObjectNode a = live.explain(it.raw(), "shadow");
        ObjectNode b;
        swap.lock();
        try {
            b = shadow.explainer().explain(it.raw(), "shadow");
        } finally {
            swap.unlock();
        }
        List<ReportDiff.Difference> diffs = ReportDiff.of(a, b);
        ObjectNode report = Explainer.JSON.createObjectNode();
        report.put("messageId", it.messageId());
        report.put("type", it.type());
        report.put("controlId", it.controlId());
        report.put("candidate", candidate.toString());
        report.put("differences", diffs.size());
        report.set("changes", ReportDiff.toJson(diffs));
        report.set("live", a);
        report.set("shadow", b);
        List<String> fields = new ArrayList<>();
        diffs.forEach(d -> fields.add(d.field()));
        store.save(it.messageId(), it.type(), it.controlId(), a.path("answer").path("code").asText(),
                b.path("answer").path("code").asText(), fields, report.toString());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread t = worker;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (shadow != null) {
            shadow.close();
        }
        if (overlay != null) {
            delete(overlay);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", dir, e.toString());
        }
    }
}
