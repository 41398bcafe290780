package org.radbridge.explain;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.radbridge.engine.Beans;
import org.radbridge.engine.EngineContext;
import org.radbridge.engine.EngineModule;
import org.radbridge.engine.http.ApiException;
import org.radbridge.engine.http.Principal;
import org.radbridge.engine.http.Request;
import org.radbridge.engine.http.Response;
import org.radbridge.settings.ConfigException;
import org.radbridge.settings.Settings;

/**
 * Dry runs and the shadow run (docs/site-adaptation.md): {@code POST /api/explain} (role phi-read or replay; the body
 * is one raw HL7 message) answers what the flows would produce from it with the running configuration, committing
 * nothing ({@link Explainer}); with radbridge.mappings.shadow-dir set, a {@link ShadowRun} explains every processed
 * message again with the candidate mappings and keeps the differences ({@code GET /api/shadow},
 * {@code GET /api/shadow/{messageId}}, role phi-read).
 */
public final class ExplainModule implements EngineModule {

    static final String ROLE_EXPLAIN = Principal.PHI_READ + "|" + Principal.REPLAY;

    private Explainer explainer;
    private ShadowRun shadow;

    @Override
    public void configure(EngineContext ctx) throws Exception {
        explainer = new Explainer(ctx.intake(), ctx.journalWriter().acks(), ctx::routes);
        ctx.http().route("POST", "/api/explain", ROLE_EXPLAIN, this::explain);
        Settings s = ctx.settings();
        ShadowStore store = new ShadowStore(ctx.db());
        if (s.isSet("radbridge.mappings.shadow-dir")) {
            Path dir = Path.of(s.get("radbridge.mappings.shadow-dir"));
            if (!Files.isDirectory(dir)) {
                throw new ConfigException("radbridge.mappings.shadow-dir", "not a folder: " + dir);
            }
            shadow = new ShadowRun(s, ctx.<DryRuns>bean(Beans.DRY_RUNS), dir, explainer, store, ctx.metrics(), s.getInt("radbridge.shadow.queue", 1, 1_000_000));
            ctx.journalWriter().onProcessed(shadow::offer);
            ctx.bind("shadowRun", shadow); // a configuration reload calls rebuild() on it
        }
        new ShadowApi(store, shadow).register(ctx.http());
        long days = s.getInt("radbridge.retention.payload-days", 1, 100_000);
        ctx.housekeeping().every("shadow report retention", 120, 3600,
                () -> store.purge(System.currentTimeMillis() - days * 86_400_000L));
    }

    @Override
    public void start(EngineContext ctx) throws Exception {
        if (shadow != null) {
            shadow.start();
        }
    }

    @Override
    public void stop(EngineContext ctx) {
        if (shadow != null) {
            shadow.close();
        }
    }

    private Response explain(Request r) {
        byte[] body = r.body();
        if (body == null || body.length == 0) {
            throw new ApiException(400, "bad request", "the body must be one HL7 v2 message (segments separated by CR or LF)");
        }
        return Response.json(200, explainer.explain(normalize(body), "api"));
    }

    /** LF or CRLF segment separators (a console's text area) become CR; the bytes are otherwise kept. */
    static byte[] normalize(byte[] body) {
        String s = new String(body, StandardCharsets.ISO_8859_1).replace("\r\n", "\r").replace('\n', '\r').strip();
        return (s + "\r").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** For tests and the shadow API. */
    public Explainer explainer() {
        return explainer;
    }
}
