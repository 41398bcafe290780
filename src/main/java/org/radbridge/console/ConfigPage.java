package org.radbridge.console;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.radbridge.engine.Beans;
import org.radbridge.engine.http.Authenticator;
import org.radbridge.engine.http.Principal;
import org.radbridge.engine.http.Response;
import org.radbridge.intake.MessageFlows;
import org.radbridge.mapping.DicomPeer;
import org.radbridge.mapping.DicomPeers;
import org.radbridge.mapping.Hl7Peer;
import org.radbridge.mapping.Hl7Peers;
import org.radbridge.mapping.Mappings;
import org.radbridge.outbox.Destination;
import org.radbridge.outbox.Outbox;
import org.radbridge.settings.Settings;

/**
 * /console/config (admin): the effective configuration with secrets masked (and whether each value is the default),
 * where each mapping file comes from (overlay, folder or jar: {@link Mappings#origin}), the known HL7 senders, DICOM
 * AEs and outbound destinations, and the findings of {@code radbridge check-config} (validation of the properties and
 * the mapping files, read again now) plus the warnings the engine gives at start.
 */
final class ConfigPage {

    private final Console console;

    private ConfigPage(Console console) {
        this.console = console;
    }

    static void register(Console console) {
        ConfigPage p = new ConfigPage(console);
        console.page("/console/config", Principal.ADMIN, p::render);
    }

    /** Secrets by name (passwords, keys, tokens, client secrets); their values are never shown. */
    static boolean isSecret(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return k.endsWith("password") || k.endsWith("key") || k.endsWith("token") || k.endsWith("secret") || k.contains("passphrase")
                || k.endsWith("keystore-password") || k.endsWith(".pin");
    }

    /** A value as shown: secrets as "***" (or empty), credentials inside URLs masked. */
    static String shown(String key, String value) {
        if (isSecret(key)) {
            return value.isEmpty() ? "" : "***";
        }
        return value.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("(://[^:/@]+:)[^@/]*@", "$1***@");
    }

    private Response render(ConsoleRequest c) throws IOException {
        Settings s = console.engine().settings();
        Mappings m = console.engine().mappings();
        Html h = new Html().raw("<h1>Configuration</h1>");

        h.raw("<section><h2>check-config</h2><ul id=\"findings\">");
        for (String[] f : findings(s, m)) {
            h.f("<li><span class=\"sev {}\">{}</span> {}</li>", Console.lower(f[0]), f[0], f[1]);
        }
        h.raw("</ul></section>");

        h.raw("<div class=\"cols\"><section><h2>HL7 senders</h2><table class=\"grid\" id=\"hl7-peers\"><thead><tr><th>Name</th>"
                + "<th>MSH-3 / MSH-4</th><th>Role</th><th>Addresses</th><th>Message types</th></tr></thead><tbody>");
        for (Hl7Peer p : console.engine().hl7Peers().all()) {
            h.f("<tr><td>{}</td><td>{} / {}</td><td>{}</td><td>{}</td><td>{}</td></tr>", p.name(), p.application(), p.facility(), p.role(),
                    p.addresses() == null ? "" : String.join(", ", p.addresses()),
                    p.allowedTypes() == null ? "" : String.join(", ", p.allowedTypes()));
        }
        h.raw("</tbody></table></section>");
        h.raw("<section><h2>Destinations</h2><table class=\"grid\" id=\"destinations\"><thead><tr><th>Name</th><th class=\"num\">Workers</th>"
                + "<th>Dead letter blocks key</th><th>State</th></tr></thead><tbody>");
        Map<String, Outbox.Stats> stats = console.engine().outbox().stats();
        for (Destination d : console.engine().workers().destinations().values()) {
            Outbox.Stats st = stats.get(d.name());
            h.f("<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>", d.name(), d.workers(), d.deadLetterBlocksKey() ? "yes" : "no",
                    st != null && st.paused() ? "paused" : "active");
        }
        h.raw("</tbody></table>");
        try {
            Map<String, DicomPeer> aes = DicomPeers.load(m).all();
            h.raw("<h2>DICOM AEs</h2><p id=\"dicom-aes\">").text(String.join(", ", new TreeSet<>(aes.keySet()))).raw("</p>");
        } catch (RuntimeException e) {
            h.f("<p class=\"error\">{}: {}</p>", DicomPeers.FILE, e.getMessage());
        }
        h.raw("</section></div>");

        h.raw("<section><h2>Mapping files</h2><table class=\"grid\" id=\"mapping-files\"><thead><tr><th>File</th><th>From</th><th>Path</th>"
                + "</tr></thead><tbody>");
        for (String rel : mappingFiles(s)) {
            String origin = m.origin(rel);
            String from = origin.startsWith("classpath:") ? "jar"
                    : !s.get("radbridge.mappings.overlay-dir").isEmpty() && Path.of(origin).startsWith(Path.of(s.get("radbridge.mappings.overlay-dir")))
                            ? "overlay" : "folder";
            h.f("<tr><td>{}</td><td><span class=\"sev {}\">{}</span></td><td><code>{}</code></td></tr>", rel,
                    "overlay".equals(from) ? "warn" : "jar".equals(from) ? "info" : "up", from, origin);
        }
        h.raw("</tbody></table></section>");

        Properties defaults = defaults();
        h.raw("<section><h2>Properties</h2><table class=\"grid\" id=\"properties\"><thead><tr><th>Property</th><th>Value</th><th></th>"
                + "</tr></thead><tbody>");
        s.all().forEach((k, v) -> {
            boolean dflt = v.equals(String.valueOf(defaults.getProperty(k, "")).trim());
            h.f("<tr><td><code>{}</code></td><td><code>{}</code></td><td class=\"muted\">{}</td></tr>", k, shown(k, v), dflt ? "default" : "set");
        });
        h.raw("</tbody></table></section>");
        return c.page("Configuration", "config", h);
    }

    /** Severity and text of each finding: the validation of check-config, then the start warnings. */
    List<String[]> findings(Settings s, Mappings m) {
        List<String[]> out = new ArrayList<>();
        try {
            s.validate();
            Mappings fresh = new Mappings(dir(s.get("radbridge.mappings.dir")), dir(s.get("radbridge.mappings.overlay-dir")));
            Hl7Peers peers = Hl7Peers.load(fresh);
            MessageFlows flows = MessageFlows.load(fresh);
            DicomPeers.load(fresh);
            out.add(new String[] {"OK", "configuration OK: " + peers.all().size() + " known HL7 senders, " + flows.table().size()
                    + " message types (mapping files as they are on disk now)"});
        } catch (RuntimeException e) {
            out.add(new String[] {"CRITICAL", "invalid configuration: " + e.getMessage()});
        }
        Authenticator principals = console.engine().bean(Beans.PRINCIPALS);
        if (principals != null && !principals.anyConfigured()) {
            out.add(new String[] {"WARN", "No API principal is configured (radbridge.admin.token, radbridge.api.tokens-file)."});
        }
        if (!s.getBoolean("radbridge.peers.enforce")) {
            out.add(new String[] {"WARN", "radbridge.peers.enforce=false: unknown HL7 senders and DICOM AEs are accepted with a warning."});
        }
        if (!s.isSet("radbridge.audit.key")) {
            out.add(new String[] {"WARN", "radbridge.audit.key is not set: the generated key in the data directory signs the audit trail."});
        }
        if (!s.isSet("radbridge.tls.keystore") && !"127.0.0.1".equals(s.get("radbridge.bind-host")) && !"localhost".equals(s.get("radbridge.bind-host"))) {
            out.add(new String[] {"WARN", "The listeners bind " + s.get("radbridge.bind-host") + " without TLS (radbridge.tls.keystore)."});
        }
        return out;
    }

    private static Path dir(String p) {
        return p == null || p.isBlank() ? null : Path.of(p);
    }

    private static Properties defaults() throws IOException {
        Properties p = new Properties();
        try (InputStream in = ConfigPage.class.getClassLoader().getResourceAsStream("radbridge-defaults.properties")) {
            if (in != null) {
                p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            }
        }
        return p;
    }

    /** Every mapping file name (relative to mappings/) in the overlay, the folder and the jar. */
    static TreeSet<String> mappingFiles(Settings s) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        for (String d : List.of(s.get("radbridge.mappings.overlay-dir"), s.get("radbridge.mappings.dir"))) {
            if (!d.isBlank() && Files.isDirectory(Path.of(d))) {
                collect(Path.of(d), names);
            }
        }
        java.net.URL url = ConfigPage.class.getClassLoader().getResource("mappings/codes/message-flows.yaml");
        if (url != null) {
            try {
                URI uri = url.toURI();
                if ("jar".equals(uri.getScheme())) {
                    try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
                        collect(fs.getPath("/mappings"), names);
                    } catch (java.nio.file.FileSystemAlreadyExistsException e) {
                        collect(FileSystems.getFileSystem(uri).getPath("/mappings"), names);
                    }
                } else {
                    collect(Path.of(uri).getParent().getParent(), names);
                }
            } catch (java.net.URISyntaxException e) {
                throw new IOException(e);
            }
        }
        return names;
    }

    private static void collect(Path root, TreeSet<String> names) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .forEach(f -> names.add(root.relativize(f).toString().replace('\\', '/')));
        }
    }
}
