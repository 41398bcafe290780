package org.radbridge.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.radbridge.app.DryRunApp;
import org.radbridge.engine.EngineContext;
import org.radbridge.settings.Settings;
import org.radbridge.dicom.Attributes;
import org.radbridge.dicom.json.DicomJson;
import org.radbridge.fhir.map.FhirJson;
import org.radbridge.mllp.MllpFrame;
import org.radbridge.notify.Hl7Edit;
import org.radbridge.outbox.OutboxEntry;
import org.radbridge.store.Journal;
import org.radbridge.store.JournalRow;
import org.radbridge.worklist.ItemState;
import org.radbridge.worklist.WorklistItem;
import org.radbridge.worklist.WorklistService;
import org.radbridge.worklist.WorklistStore;

/**
 * `radbridge replay DIR --expect` (docs/site-adaptation.md, "Regression suite"): each scenario folder (test-messages/
 * layout: *.hl7 sent in name order, before.txt naming scenarios sent first, expected/) runs in-process through the
 * real intake and flows of a fresh {@link DryRunApp} with the site's configuration, and what the engine produced is
 * compared with the scenario's expected/ files: ack[-stem].hl7 (MSH-7 and MSH-10 masked), mwl.json (every worklist
 * item as DICOM JSON, as GET /api/worklist), fhir-&lt;stem&gt;.json (the Bundle each message queued) and
 * out-&lt;destination&gt;.hl7 (outbound HL7, MSH-10 masked). Other expected files (DICOM, de-identification) are not
 * compared here. A difference prints a line diff; with {@code update} the expected files are written instead.
 */
final class ReplayExpect {

    private final Settings settings;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean update;
    private final boolean verbose;

    ReplayExpect(Settings settings, PrintWriter out, PrintWriter err, boolean update, boolean verbose) {
        this.settings = settings;
        this.out = out;
        this.err = err;
        this.update = update;
        this.verbose = verbose;
    }

    /** Scenario folders under the paths (a path may itself be one); exit code 0 when everything matched. */
    int run(List<Path> paths) throws Exception {
        List<Path> scenarios = new ArrayList<>();
        for (Path p : paths) {
            if (isScenario(p)) {
                scenarios.add(p);
            } else if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(ReplayExpect::isScenario).sorted().forEach(scenarios::add);
                }
            } else {
                err.println("not a scenario folder: " + p);
                return 2;
            }
        }
        if (scenarios.isEmpty()) {
            err.println("no scenario folders (with *.hl7 messages) found");
            return 2;
        }
        int passed = 0;
        int failed = 0;
        int files = 0;
        for (Path sc : scenarios) {
            Map<String, String> produced = produce(sc);
            List<String> diffs = new ArrayList<>();
            List<String> compared = new ArrayList<>();
            for (Map.Entry<String, String> e : produced.entrySet()) {
                Path expected = sc.resolve("expected").resolve(e.getKey());
                String actual = TextDiff.normalize(e.getValue());
                if (update) {
                    Files.createDirectories(expected.getParent());
                    Files.writeString(expected, actual, StandardCharsets.UTF_8);
                    compared.add(e.getKey());
                    continue;
                }
                if (!Files.isRegularFile(expected)) {
                    continue; // this scenario does not pin that output
                }
                compared.add(e.getKey());
                String exp = TextDiff.normalize(Files.readString(expected, StandardCharsets.UTF_8));
                if (!exp.equals(actual)) {
                    diffs.add("--- expected/" + e.getKey() + "\n+++ produced\n" + TextDiff.of(exp, actual));
                }
            }
            for (String name : expectedNames(sc)) {
                if (!produced.containsKey(name) && !update) {
                    compared.add(name);
                    diffs.add("--- expected/" + name + "\n+++ produced: nothing (the engine made no such output)\n");
                }
            }
            files += compared.size();
            String name = sc.getFileName().toString();
            if (diffs.isEmpty()) {
                passed++;
                if (verbose || update) {
                    out.println((update ? "written " : "ok      ") + name + " " + compared);
                }
            } else {
                failed++;
                out.println("DIFFERS " + name);
                diffs.forEach(d -> out.print(indent(d)));
            }
            out.flush();
        }
        out.printf("%d scenario(s): %d %s, %d differ; %d expected file(s) %s%n", scenarios.size(), passed,
                update ? "written" : "match", failed, files, update ? "written" : "compared");
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    private static String indent(String s) {
        StringBuilder sb = new StringBuilder();
        for (String line : s.split("\n")) {
            sb.append("    ").append(line).append('\n');
        }
        return sb.toString();
    }

    static boolean isScenario(Path p) {
        return Files.isDirectory(p) && !messages(p).isEmpty();
    }

    /** The scenario's own message files in name order. */
    static List<Path> messages(Path scenario) {
        try (Stream<Path> s = Files.list(scenario)) {
            return s.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".hl7")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Messages of the scenarios named in before.txt (transitively), in order. */
    static List<Path> prerequisites(Path scenario) throws IOException {
        List<Path> l = new ArrayList<>();
        Path before = scenario.resolve("before.txt");
        if (Files.isRegularFile(before)) {
            for (String line : Files.readAllLines(before, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    Path dep = scenario.resolveSibling(line.trim());
                    l.addAll(prerequisites(dep));
                    l.addAll(messages(dep));
                }
            }
        }
        return l;
    }

    private static List<String> expectedNames(Path sc) throws IOException {
        Path dir = sc.resolve("expected");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(ReplayExpect::compared).sorted().toList();
        }
    }

    /** The expected files this command compares. */
    static boolean compared(String name) {
        return name.equals("mwl.json") || (name.startsWith("ack") && name.endsWith(".hl7"))
                || (name.startsWith("fhir-") && name.endsWith(".json")) || (name.startsWith("out-") && name.endsWith(".hl7"));
    }

    /** Runs the scenario on a fresh dry-run engine; file name under expected/ -> produced text. */
    private Map<String, String> produce(Path sc) throws Exception {
        Map<String, String> produced = new LinkedHashMap<>();
        try (DryRunApp app = DryRunApp.start(settings)) {
            EngineContext ctx = app.engine().context();
            for (Path p : prerequisites(sc)) {
                send(app, Files.readAllBytes(p));
            }
            List<Long> own = new ArrayList<>();
            List<Path> msgs = messages(sc);
            for (Path p : msgs) {
                byte[] ack = send(app, Files.readAllBytes(p));
                String stem = p.getFileName().toString().replaceFirst("\\.hl7$", "");
                produced.put(stem.equals("message") ? "ack.hl7" : "ack-" + stem + ".hl7",
                        maskAck(new String(ack, StandardCharsets.ISO_8859_1)));
                long id = newestJournalId(ctx);
                own.add(id);
                List<OutboxEntry> bundles = ctx.outbox().list("fhir", null, id, 10);
                if (!bundles.isEmpty()) {
                    produced.put("fhir-" + stem + ".json", FhirJson.pretty(FhirJson.parse(bundles.get(bundles.size() - 1).payload())));
                }
            }
            produced.put("mwl.json", worklist(ctx));
            for (String name : expectedNames(sc)) {
                if (name.startsWith("out-") || update) {
                    outbound(ctx, own, produced);
                    break;
                }
            }
        }
        if (!update) {
            return produced;
        }
        // when writing, only what the scenario shows: no empty worklist for a report scenario
        if (produced.get("mwl.json").strip().equals("[ ]") || produced.get("mwl.json").strip().equals("[]")) {
            if (!Files.isRegularFile(sc.resolve("expected").resolve("mwl.json"))) {
                produced.remove("mwl.json");
            }
        }
        return produced;
    }

    private byte[] send(DryRunApp app, byte[] raw) throws Exception {
        MllpFrame f = new MllpFrame(raw, raw.length, false, "127.0.0.1:0", "mllp", null);
        byte[] ack = app.template().requestBody("direct:intake", f, byte[].class);
        awaitProcessed(app.engine().context());
        return ack == null ? new byte[0] : ack;
    }

    /** after-store messages are processed on the stored-processing route: wait until none is pending. */
    private static void awaitProcessed(EngineContext ctx) throws InterruptedException {
        long end = System.currentTimeMillis() + 60_000;
        while (!ctx.journal().pending(ctx.db()).isEmpty()) {
            if (System.currentTimeMillis() > end) {
                throw new IllegalStateException("stored messages still pending after 60 s");
            }
            Thread.sleep(20);
        }
    }

    private static long newestJournalId(EngineContext ctx) {
        List<JournalRow> l = ctx.journal().search(ctx.db(), new Journal.Filter(null, null, null, null, null, null, null, 1));
        return l.isEmpty() ? -1 : l.get(0).id();
    }

    /** Every worklist item as GET /api/worklist answers them. */
    private static String worklist(EngineContext ctx) {
        WorklistService service = ctx.bean("worklistService");
        List<Attributes> items = new ArrayList<>();
        for (WorklistItem it : service.store().list(new WorklistStore.Filter(null, null, null, null, null, null, null, null, 100_000))) {
            items.add(ItemState.forApi(it));
        }
        return DicomJson.writeArray(items, true);
    }

    /** Outbound HL7 of the scenario's own messages, per destination (out-<destination>.hl7), MSH-10 masked. */
    private static void outbound(EngineContext ctx, List<Long> own, Map<String, String> produced) {
        Map<String, StringBuilder> byDest = new LinkedHashMap<>();
        for (long id : own) {
            List<OutboxEntry> entries = new ArrayList<>(ctx.outbox().list(null, null, id, 1000));
            java.util.Collections.reverse(entries); // oldest first
            for (OutboxEntry e : entries) {
                if (e.contentType() == null || !e.contentType().startsWith(Hl7Edit.CONTENT_TYPE)) {
                    continue;
                }
                Charset cs = Hl7Edit.charsetOf(e.contentType());
                byDest.computeIfAbsent(e.destination(), k -> new StringBuilder()).append(maskControlId(new String(e.payload(), cs)));
            }
        }
        byDest.forEach((d, sb) -> produced.put("out-" + d + ".hl7", sb.toString()));
    }

    /** An ACK with MSH-7 (time) and MSH-10 (its own control id) masked, LF line ends. */
    static String maskAck(String ack) {
        return mask(ack, true);
    }

    /** Outbound HL7 with MSH-10 (generated per outbox entry) masked, LF line ends. */
    static String maskControlId(String hl7) {
        return mask(hl7, false);
    }

    private static String mask(String hl7, boolean time) {
        StringBuilder sb = new StringBuilder();
        for (String seg : hl7.split("\r|\n")) {
            if (seg.isEmpty()) {
                continue;
            }
            if (seg.startsWith("MSH") && seg.length() > 3) {
                String fs = String.valueOf(seg.charAt(3));
                String[] f = seg.split(java.util.regex.Pattern.quote(fs), -1);
                if (time && f.length > 6) {
                    f[6] = "*";
                }
                if (f.length > 9) {
                    f[9] = "*";
                }
                seg = String.join(fs, f);
            }
            sb.append(seg).append('\n');
        }
        return sb.toString();
    }
}
