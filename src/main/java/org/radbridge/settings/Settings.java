package org.radbridge.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The engine's configuration: defaults from the jar (radbridge-defaults.properties), then an optional
 * properties file (--config FILE or RADBRIDGE_CONFIG), then system properties, then environment
 * variables with the upper-snake name (radbridge.mllp.port -> RADBRIDGE_MLLP_PORT). Typed getters fail
 * with a {@link ConfigException} that names the property.
 */
public final class Settings {

    /** The smallest radbridge.dicom.max-message-bytes (a DICOM listener needs room for one PDU of commands). */
    public static final int MIN_DICOM_MESSAGE_BYTES = 65_536;

    /**
     * A check of a feature's own properties, run by {@link #validate()}: features register theirs in
     * META-INF/services/org.radbridge.settings.Settings$Check (java.util.ServiceLoader), so this package knows none.
     */
    public interface Check {
        /** Throws a {@link ConfigException} naming the first bad property. */
        void check(Settings s);
    }

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** Loads the full chain. {@code configFile} may be null (then RADBRIDGE_CONFIG is consulted). */
    public static Settings load(Path configFile, Map<String, String> env, Properties system) {
        Map<String, String> v = new TreeMap<>();
        Properties defaults = new Properties();
        try (InputStream in = Settings.class.getClassLoader().getResourceAsStream("radbridge-defaults.properties")) {
            if (in == null) {
                throw new ConfigException("radbridge-defaults.properties", "missing from the classpath");
            }
            defaults.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException("radbridge-defaults.properties", e.getMessage());
        }
        defaults.forEach((k, val) -> v.put((String) k, ((String) val).trim()));
        Path file = configFile;
        if (file == null && env.get("RADBRIDGE_CONFIG") != null && !env.get("RADBRIDGE_CONFIG").isBlank()) {
            file = Path.of(env.get("RADBRIDGE_CONFIG"));
        }
        if (file != null) {
            if (!Files.isReadable(file)) {
                throw new ConfigException("--config", "cannot read " + file);
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
            }
            p.forEach((k, val) -> v.put((String) k, ((String) val).trim()));
        }
        for (String k : system.stringPropertyNames()) {
            if (k.startsWith("radbridge.")) {
                v.put(k, system.getProperty(k).trim());
            }
        }
        for (String k : new java.util.ArrayList<>(v.keySet())) {
            String e = env.get(envName(k));
            if (e != null) {
                v.put(k, e.trim());
            }
        }
        return new Settings(v);
    }

    public static Settings of(Map<String, String> overrides) {
        Settings base = load(null, Map.of(), new Properties());
        Map<String, String> v = new TreeMap<>(base.values);
        v.putAll(overrides);
        return new Settings(v);
    }

    public Settings with(Map<String, String> overrides) {
        Map<String, String> v = new TreeMap<>(values);
        v.putAll(overrides);
        return new Settings(v);
    }

    /** radbridge.mllp.port -> RADBRIDGE_MLLP_PORT. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public Map<String, String> all() {
        return values;
    }

    public String get(String key) {
        String s = values.get(key);
        return s == null ? "" : s;
    }

    public String get(String key, String def) {
        String s = get(key);
        return s.isEmpty() ? def : s;
    }

    public boolean isSet(String key) {
        return !get(key).isEmpty();
    }

    public int getInt(String key, int min, int max) {
        String s = get(key);
        try {
            int i = Integer.parseInt(s);
            if (i < min || i > max) {
                throw new ConfigException(key, "must be between " + min + " and " + max + ", is " + s);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "must be a number, is \"" + s + "\"");
        }
    }

    public long getLong(String key, long min) {
        String s = get(key);
        try {
            long l = Long.parseLong(s);
            if (l < min) {
                throw new ConfigException(key, "must be at least " + min + ", is " + s);
            }
            return l;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "must be a number, is \"" + s + "\"");
        }
    }

    /** An optional port: empty = off. */
    public Integer getPortOrNull(String key) {
        return isSet(key) ? getInt(key, 0, 65535) : null;
    }

    public boolean getBoolean(String key) {
        String s = get(key).toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off", "" -> false;
            default -> throw new ConfigException(key, "must be true or false, is \"" + s + "\"");
        };
    }

    public String oneOf(String key, String... allowed) {
        String s = get(key);
        for (String a : allowed) {
            if (a.equalsIgnoreCase(s)) {
                return a;
            }
        }
        throw new ConfigException(key, "must be one of " + String.join(", ", allowed) + ", is \"" + s + "\"");
    }

    public Path dataDir() {
        return Path.of(get("radbridge.data-dir", "./data"));
    }

    /** The default of radbridge.instance-id, stable across restarts of the same installation: host name + a hash of the data directory. */
    public static String defaultInstanceId(Path dataDir) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "host";
        }
        String h = Integer.toHexString(dataDir.toAbsolutePath().normalize().toString().hashCode());
        return (host.length() > 24 ? host.substring(0, 24) : host) + "-" + h;
    }

    /** Checks every property the engine reads at start-up; throws naming the first bad one. */
    public void validate() {
        getInt("radbridge.mllp.port", 0, 65535);
        getPortOrNull("radbridge.mllp.tls.port");
        getInt("radbridge.dicom.port", 0, 65535);
        getPortOrNull("radbridge.dicom.tls.port");
        getInt("radbridge.http.port", 0, 65535);
        getInt("radbridge.http.workers", 2, 1000);
        getInt("radbridge.http.max-connections", 1, 100_000);
        getInt("radbridge.http.max-connections-per-address", 1, 100_000);
        getInt("radbridge.http.request-timeout-seconds", 1, 3600);
        getInt("radbridge.shutdown.grace-seconds", 1, 3600);
        getInt("radbridge.http.max-body-bytes", 1024, Integer.MAX_VALUE - 8);
        getInt("radbridge.audit.security-alert-interval-seconds", 0, 86_400);
        getInt("radbridge.mllp.max-message-bytes", 1024, Integer.MAX_VALUE);
        getInt("radbridge.mllp.idle-timeout-seconds", 0, Integer.MAX_VALUE);
        getInt("radbridge.mllp.read-timeout-seconds", 1, Integer.MAX_VALUE);
        getInt("radbridge.mllp.max-concurrent", 1, 4096);
        getInt("radbridge.mllp.max-connections", 1, 100_000);
        getInt("radbridge.mllp.max-connections-per-address", 1, 100_000);
        getInt("radbridge.mllp.message-deadline-seconds", 0, 86_400);
        if (getLong("radbridge.mllp.max-buffered-bytes", 1) < getInt("radbridge.mllp.max-message-bytes", 1024, Integer.MAX_VALUE)) {
            throw new ConfigException("radbridge.mllp.max-buffered-bytes", "must be at least radbridge.mllp.max-message-bytes ("
                    + get("radbridge.mllp.max-message-bytes") + "), is " + get("radbridge.mllp.max-buffered-bytes"));
        }
        int dicomMessage = getInt("radbridge.dicom.max-message-bytes", MIN_DICOM_MESSAGE_BYTES, Integer.MAX_VALUE - 8);
        if (getLong("radbridge.dicom.max-buffered-bytes", 1) < dicomMessage) {
            throw new ConfigException("radbridge.dicom.max-buffered-bytes", "must be at least radbridge.dicom.max-message-bytes ("
                    + dicomMessage + "), is " + get("radbridge.dicom.max-buffered-bytes"));
        }
        String ae = get("radbridge.dicom.ae-title");
        if (ae.isEmpty() || ae.length() > 16 || ae.contains("\\")) {
            throw new ConfigException("radbridge.dicom.ae-title", "must be 1 to 16 characters without backslash");
        }
        String url = get("radbridge.db.url");
        if (!url.isEmpty() && !url.equals("embedded") && !url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:sqlite:")) {
            throw new ConfigException("radbridge.db.url", "must be empty (embedded), jdbc:postgresql://... or jdbc:sqlite:...");
        }
        oneOf("radbridge.db.sqlite-synchronous", "OFF", "NORMAL", "FULL", "EXTRA");
        getInt("radbridge.db.write-timeout-seconds", 1, 3600);
        oneOf("radbridge.worklist.export-layout", "dcmtk", "flat");
        oneOf("radbridge.tls.client-auth", "none", "want", "need");
        oneOf("radbridge.hl7.batch-policy", "reject");
        getBoolean("radbridge.peers.enforce");
        getBoolean("radbridge.config.watch");
        getInt("radbridge.config.watch-interval-ms", 100, 3_600_000);
        getInt("radbridge.config.swap-timeout-seconds", 1, 3600);
        getBoolean("radbridge.log.payloads");
        getBoolean("radbridge.outbox.dead-letter-blocks-key");
        getInt("radbridge.outbox.max-attempts", 1, 1_000_000);
        getLong("radbridge.outbox.backoff-initial-ms", 1);
        getLong("radbridge.outbox.backoff-max-ms", 1);
        getInt("radbridge.outbox.workers", 1, 64);
        getLong("radbridge.outbox.lease-ms", 1000);
        getInt("radbridge.hl7.duplicate-window-hours", 0, 100_000);
        getInt("radbridge.hl7.max-segments", 1, Integer.MAX_VALUE);
        getInt("radbridge.hl7.max-repetitions", 1, Integer.MAX_VALUE);
        getInt("radbridge.shadow.queue", 1, 1_000_000);
        if (isSet("radbridge.mappings.shadow-dir") && !Files.isDirectory(Path.of(get("radbridge.mappings.shadow-dir")))) {
            throw new ConfigException("radbridge.mappings.shadow-dir", "not a folder: " + get("radbridge.mappings.shadow-dir"));
        }
        String emr = get("radbridge.emr.mllp");
        if (!emr.isEmpty() && !emr.matches("[^:\\s]+:\\d{1,5}")) {
            throw new ConfigException("radbridge.emr.mllp", "must be host:port, is \"" + emr + "\"");
        }
        String fhir = get("radbridge.fhir.url");
        if (!fhir.isEmpty() && !fhir.startsWith("http://") && !fhir.startsWith("https://")) {
            throw new ConfigException("radbridge.fhir.url", "must be an http(s) URL");
        }
        getBoolean("radbridge.metrics.route-timings");
        getBoolean("radbridge.alerts.enabled");
        getInt("radbridge.alerts.interval-seconds", 1, 86_400);
        getInt("radbridge.alerts.smtp.port", 1, 65535);
        oneOf("radbridge.alerts.smtp.security", "starttls", "smtps", "none");
        getInt("radbridge.alerts.syslog.port", 1, 65535);
        oneOf("radbridge.alerts.syslog.protocol", "udp", "tcp");
        getInt("radbridge.alerts.syslog.facility", 0, 23);
        if (isSet("radbridge.tls.keystore") && !Files.isReadable(Path.of(get("radbridge.tls.keystore")))) {
            throw new ConfigException("radbridge.tls.keystore", "cannot read " + get("radbridge.tls.keystore"));
        }
        if (isSet("radbridge.routes.site-dir") && !Files.isDirectory(Path.of(get("radbridge.routes.site-dir")))) {
            throw new ConfigException("radbridge.routes.site-dir", "is not a directory: " + get("radbridge.routes.site-dir"));
        }
        for (Check c : ServiceLoader.load(Check.class, Settings.class.getClassLoader())) {
            c.check(this);
        }
        if ((isSet("radbridge.mllp.tls.port") || isSet("radbridge.dicom.tls.port")) && !isSet("radbridge.tls.keystore")) {
            throw new ConfigException("radbridge.tls.keystore", "is required when a TLS port is set");
        }
    }
}
