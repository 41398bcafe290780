package org.radbridge.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.radbridge.audit.AuditEvents;
import org.radbridge.audit.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of design.md §3 (JDK HttpServer): routes registered by method and path pattern, each
 * with the role it needs (null = open, for /health and /metrics). 401 without a valid token, 403 without
 * the role; every /api call and every refusal is audited with the principal. Errors are JSON
 * {"error": ..., "detail": ...}.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A request as handlers see it. */
    public record Request(String method, String path, Map<String, String> params, Map<String, String> query,
            byte[] body, Principal principal, String remote) {

        public String query(String name) {
            String v = query.get(name);
            return v == null || v.isEmpty() ? null : v;
        }

        public String param(String name) {
            return params.get(name);
        }

        public long longParam(String name) {
            try {
                return Long.parseLong(params.get(name));
            } catch (NumberFormatException e) {
                throw new ApiException(400, "bad path parameter", name + " must be a number");
            }
        }
    }

    /** A response: status, content type, body. */
    public record Response(int status, String contentType, byte[] body) {

        public static Response json(int status, Object value) {
            try {
                return new Response(status, "application/json", JSON.writeValueAsBytes(value));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public static Response text(int status, String contentType, String body) {
            return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** An error answered as JSON with a status. */
    public static final class ApiException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String detail;

        public ApiException(int status, String error, String detail) {
            super(error);
            this.status = status;
            this.detail = detail;
        }
    }

    @FunctionalInterface
    public interface Handler {
        Response handle(Request r) throws Exception;
    }

    private record Route(String method, String[] parts, String role, Handler handler) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Principals principals;
    private final AuditTrail audit;
    private final List<Route> routes = new ArrayList<>();

    public ApiServer(String host, int port, Principals principals, AuditTrail audit) throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
        this.executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "radbridge-http");
            t.setDaemon(true);
            return t;
        });
        this.principals = principals;
        this.audit = audit;
        server.setExecutor(executor);
        server.createContext("/", this::serve);
    }

    /** Registers a route; path segments in braces are parameters: "/api/messages/{id}/reprocess". */
    public synchronized void route(String method, String path, String role, Handler h) {
        routes.add(new Route(method, path.substring(1).split("/"), role, h));
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void start() {
        server.start();
        LOG.info("HTTP listening on {}:{}", server.getAddress().getHostString(), port());
    }

    private void serve(HttpExchange x) throws IOException {
        String method = x.getRequestMethod();
        String path = x.getRequestURI().getPath();
        String remote = String.valueOf(x.getRemoteAddress());
        Principal principal = null;
        Response resp;
        Route route = null;
        Map<String, String> params = new LinkedHashMap<>();
        boolean pathExists = false;
        for (Route r : snapshot()) {
            params.clear();
            if (matches(r.parts(), path, params)) {
                pathExists = true;
                if (r.method().equals(method)) {
                    route = r;
                    break;
                }
            }
        }
        Request req = null;
        try {
            if (route == null) {
                throw pathExists ? new ApiException(405, "method not allowed", method + " " + path)
                        : new ApiException(404, "not found", path);
            }
            if (route.role() != null) {
                principal = authorize(x, route, method, path, remote);
            }
            byte[] body;
            try (InputStream in = x.getRequestBody()) {
                body = in.readNBytes(16 * 1024 * 1024);
            }
            req = new Request(method, path, Map.copyOf(params), query(x.getRequestURI().getRawQuery()), body,
                    principal, remote);
            resp = route.handler().handle(req);
        } catch (ApiException e) {
            resp = Response.json(e.status, Map.of("error", e.getMessage(), "detail", e.detail == null ? "" : e.detail));
        } catch (Exception e) {
            LOG.warn("HTTP {} {} failed: {}", method, path, e.toString());
            resp = Response.json(500, Map.of("error", "internal error", "detail", e.getClass().getSimpleName()));
        }
        if (principal != null) {
            // every authenticated call, whatever its answer; fail closed: no audit record, no answer
            try {
                audit.record(AuditEvents.apiAccess(principal.name(), remote, method, path, resp.status(),
                        req == null ? null : req.query("patientId")));
            } catch (RuntimeException e) {
                LOG.error("HTTP {} {}: audit record failed, answering 503: {}", method, path, e.toString());
                resp = Response.json(503, Map.of("error", "audit trail unavailable", "detail", "the call was not answered"));
            }
        }
        x.getResponseHeaders().set("Content-Type", resp.contentType());
        x.getResponseHeaders().set("Cache-Control", "no-store");
        byte[] b = resp.body() == null ? new byte[0] : resp.body();
        x.sendResponseHeaders(resp.status(), b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            try (OutputStream os = x.getResponseBody()) {
                os.write(b);
            }
        }
        x.close();
    }

    /**
     * Authenticates the bearer token and checks the route's role: 401 without a valid token, 403 without
     * the role, each refusal audited as a security alert (with the principal, or the token id presented).
     */
    private Principal authorize(HttpExchange x, Route route, String method, String path, String remote) {
        String authorization = x.getRequestHeaders().getFirst("Authorization");
        Principal p = principals.authenticate(authorization);
        if (p == null) {
            boolean missing = authorization == null || authorization.isBlank();
            audit.record(AuditEvents.securityAlert(missing ? AuditEvents.MISSING_TOKEN : AuditEvents.INVALID_TOKEN, null, remote,
                    "api", method + " " + path, true, missing ? "no bearer token" : "the token is not valid",
                    AuditEvents.fields("status", 401, "tokenId", missing ? null : principals.presentedId(authorization))));
            throw new ApiException(401, "unauthorized", "a valid bearer token is required");
        }
        if (!p.has(route.role())) {
            audit.record(AuditEvents.securityAlert(AuditEvents.ROLE_REFUSED, p.name(), remote, "api", method + " " + path, true,
                    "role " + route.role() + " required", AuditEvents.fields("status", 403, "role", route.role())));
            throw new ApiException(403, "forbidden", "role " + route.role() + " is required");
        }
        return p;
    }

    /** The registered routes as {method, path, role} (role null = open), for documentation and tests. */
    public synchronized List<String[]> routeTable() {
        List<String[]> out = new ArrayList<>();
        for (Route r : routes) {
            out.add(new String[] {r.method(), "/" + String.join("/", r.parts()), r.role()});
        }
        return out;
    }

    private synchronized List<Route> snapshot() {
        return new ArrayList<>(routes);
    }

    private static boolean matches(String[] parts, String path, Map<String, String> params) {
        String[] p = path.substring(1).split("/");
        if (p.length != parts.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (parts[i].startsWith("{") && parts[i].endsWith("}")) {
                params.put(parts[i].substring(1, parts[i].length() - 1), URLDecoder.decode(p[i], StandardCharsets.UTF_8));
            } else if (!parts[i].equals(p[i])) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
