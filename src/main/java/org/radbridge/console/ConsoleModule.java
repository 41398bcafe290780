package org.radbridge.console;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.radbridge.audit.AuditTrail;
import org.radbridge.engine.Beans;
import org.radbridge.engine.EngineContext;
import org.radbridge.engine.EngineModule;
import org.radbridge.engine.http.ApiException;
import org.radbridge.engine.http.Authenticator;
import org.radbridge.engine.http.Response;

/**
 * The operator console (issue 12, docs/console.md) on the engine's HTTP port: {@code /} redirects to /console/,
 * sign-in and sign-out, the assets from the jar, and the page sets of {@link #pageSets}. The {@link Console} is bound
 * as bean {@value #BEAN} (e.g. to plug the alert engine into {@link Console#alerts(ActiveAlerts)}).
 */
public final class ConsoleModule implements EngineModule {

    public static final String BEAN = "console";
    /** The files under /console/assets/ (from src/main/resources/console/). */
    static final Map<String, String> ASSETS = Map.of("console.css", "text/css; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8", "favicon.svg", "image/svg+xml");

    /** Every page set of the console; a new one is added here. */
    static List<ConsolePageSet> pageSets() {
        List<ConsolePageSet> p = new ArrayList<>();
        p.add(DashboardPage::register);
        p.add(AuditPage::register);
        p.add(DisclosuresPage::register);
        p.add(ConfigPage::register);
        // pages of messages, orders, outbox, worklist, reconciliation (branch s12-consoleb) are added below this line
        p.add(MessagePages::register);
        p.add(OrderPages::register);
        p.add(OutboxPages::register);
        p.add(WorklistPages::register);
        p.add(ReconciliationPages::register);
        p.add(AlertsPage::register);
        return p;
    }

    @Override
    public void configure(EngineContext ctx) throws Exception {
        ConsoleSettings settings = ConsoleSettings.of(ctx.settings());
        if (!settings.enabled()) {
            return;
        }
        AuditTrail audit = ctx.bean(Beans.SECURITY_ALERTS); // repeated refusals are summarized like the API's
        Console console = new Console(ctx.http(), new Sessions(settings.idleMillis()), audit == null ? ctx.audit() : audit, ctx, settings);
        console.alerts(alerts(ctx.bean(org.radbridge.alert.AlertModule.ENGINE), new CurrentAlerts(ctx)));
        console.principals(ctx.<Authenticator>bean(Beans.PRINCIPALS));
        ctx.bind(BEAN, console);
        ctx.http().route("GET", "/", null, r -> Console.seeOther("/console/"));
        console.open("GET", "/console/assets/{name}", ConsoleModule::asset);
        LoginPages login = new LoginPages(console, ctx.<Authenticator>bean(Beans.PRINCIPALS), settings.oidc().enabled());
        login.register();
        if (settings.oidc().enabled()) {
            new OidcSignIn(console, login, settings.oidc()).register();
        }
        for (ConsolePageSet set : pageSets()) {
            set.register(console);
        }
    }

    private static Response asset(ConsoleRequest c) throws IOException {
        String name = c.param("name");
        String type = ASSETS.get(name);
        if (type == null) {
            throw new ApiException(404, "Not found", "No such asset.");
        }
        try (InputStream in = ConsoleModule.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new ApiException(404, "Not found", "No such asset.");
            }
            return new Response(200, type, in.readAllBytes(), Map.of("Cache-Control", List.of("private, max-age=3600")));
        }
    }

    /** The alert engine's active alerts (mappings/alerts.yaml) first, then health checks not UP and recent security alerts. */
    static ActiveAlerts alerts(org.radbridge.alert.AlertEngine engine, ActiveAlerts current) {
        if (engine == null) {
            return current;
        }
        return () -> {
            java.util.List<ActiveAlerts.Alert> out = new java.util.ArrayList<>();
            for (org.radbridge.alert.ActiveAlert a : engine.active()) {
                out.add(new ActiveAlerts.Alert(a.rule().severity().toUpperCase(java.util.Locale.ROOT), a.rule().name(), a.subject(),
                        a.detail(), a.since()));
            }
            out.addAll(current.active());
            return out;
        };
    }
}
