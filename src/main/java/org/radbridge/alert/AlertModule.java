package org.radbridge.alert;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.radbridge.engine.Beans;
import org.radbridge.settings.ConfigException;
import org.radbridge.engine.EngineContext;
import org.radbridge.engine.EngineModule;
import org.radbridge.settings.Settings;
import org.radbridge.audit.AuditChainCheck;

/**
 * Alerts (docs/alerts.md): the rules of mappings/alerts.yaml, the notifiers configured by radbridge.alerts.*
 * (webhook, SMTP e-mail, syslog), the {@link AlertEngine} as bean {@value #ENGINE} (its {@code active()} feeds
 * the console's dashboard), GET /api/alerts and the gauge radbridge_alerts_active. Runs last, so the audit chain
 * check of {@link AuditModule} exists.
 */
public final class AlertModule implements EngineModule {

    /** Bean name of the {@link AlertEngine}. */
    public static final String ENGINE = "alertEngine";

    private AlertEngine engine;
    private int interval;

    @Override
    public void configure(EngineContext ctx) throws Exception {
        Settings s = ctx.settings();
        if (!s.getBoolean("radbridge.alerts.enabled")) {
            return;
        }
        interval = s.getInt("radbridge.alerts.interval-seconds", 1, 86_400);
        List<AlertRule> rules = AlertRules.load(ctx.mappings());
        AuditChainCheck chain = ctx.bean(Beans.AUDIT_CHAIN_CHECK);
        Path keystore = s.isSet("radbridge.tls.keystore") ? Path.of(s.get("radbridge.tls.keystore")) : null;
        Probes probes = new Probes(new Probes.Sources(ctx.db(), ctx.outbox(), ctx.hl7Peers(), () -> {
            if (chain == null) {
                return null;
            }
            AuditChainCheck.Status st = chain.status();
            return st.up() ? null : st.message();
        }, s.dataDir(), keystore, s.get("radbridge.tls.keystore-password")));
        String instance = s.get("radbridge.instance-id", Settings.defaultInstanceId(s.dataDir()));
        engine = new AlertEngine(rules, probes, notifiers(s), ctx.audit(), ctx.metrics(), instance);
        ctx.bind(ENGINE, engine);
        org.radbridge.config.ConfigReloader reloader = ctx.bean(org.radbridge.config.ConfigModule.RELOADER);
        if (reloader != null) {
            AlertEngine e = engine;
            reloader.register(new org.radbridge.config.Reloadable() {
                @Override
                public String name() {
                    return "alert rules (alerts.yaml)";
                }

                @Override
                public Swap prepare(org.radbridge.mapping.Mappings next) {
                    List<AlertRule> r = AlertRules.load(next);
                    return () -> e.reconfigure(r, System.currentTimeMillis());
                }
            });
        }
        new AlertApi(engine).register(ctx.http());
    }

    /** The notifiers whose destination is set. */
    static List<Notifier> notifiers(Settings s) {
        List<Notifier> out = new ArrayList<>();
        if (s.isSet("radbridge.alerts.webhook.url")) {
            String url = s.get("radbridge.alerts.webhook.url");
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new ConfigException("radbridge.alerts.webhook.url", "must be an http(s) URL");
            }
            out.add(new WebhookNotifier(URI.create(url), s.get("radbridge.alerts.webhook.token", "")));
        }
        if (s.isSet("radbridge.alerts.smtp.host")) {
            if (!s.isSet("radbridge.alerts.smtp.to")) {
                throw new ConfigException("radbridge.alerts.smtp.to", "is required when radbridge.alerts.smtp.host is set");
            }
            out.add(new SmtpNotifier(new SmtpNotifier.Config(s.get("radbridge.alerts.smtp.host"),
                    s.getInt("radbridge.alerts.smtp.port", 1, 65535), s.oneOf("radbridge.alerts.smtp.security", "starttls", "smtps", "none"),
                    s.get("radbridge.alerts.smtp.user", ""), s.get("radbridge.alerts.smtp.password", ""),
                    s.get("radbridge.alerts.smtp.from"), s.get("radbridge.alerts.smtp.to"))));
        }
        if (s.isSet("radbridge.alerts.syslog.host")) {
            out.add(new SyslogNotifier(s.get("radbridge.alerts.syslog.host"), s.getInt("radbridge.alerts.syslog.port", 1, 65535),
                    "tcp".equals(s.oneOf("radbridge.alerts.syslog.protocol", "udp", "tcp")),
                    s.getInt("radbridge.alerts.syslog.facility", 0, 23)));
        }
        return out;
    }

    @Override
    public void start(EngineContext ctx) {
        if (engine != null) {
            engine.start(interval);
        }
    }

    @Override
    public void stop(EngineContext ctx) {
        if (engine != null) {
            engine.close();
        }
    }
}
