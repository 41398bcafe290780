package org.radbridge.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.radbridge.audit.AuditEvents;
import org.radbridge.audit.AuditTrail;
import org.radbridge.engine.http.ApiException;
import org.radbridge.engine.http.CallAudit;
import org.radbridge.engine.http.Handler;
import org.radbridge.engine.http.HttpRoutes;
import org.radbridge.engine.http.Principal;
import org.radbridge.engine.http.Request;
import org.radbridge.engine.http.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of design.md §3 (Jetty core, no servlets): routes registered by method and path pattern, each
 * with the role it needs (null = open, for /health and /metrics). 401 without a valid token, 403 without
 * the role; every /api call and every refusal is audited with the principal. Errors are JSON
 * {"error": ..., "detail": ...}; whatever a handler throws (an Error too) is answered 500 and logged once.
 *
 * <p>Limits (docs/security.md, "HTTP limits"): request heads and bodies are read without blocking a thread, so
 * slow or stalled clients hold no worker and /health stays answerable; each request must arrive complete within
 * {@link Limits#requestTimeoutMillis} ({@link RequestDeadlines}); at most {@link Limits#maxConnections} connections
 * are open (further ones wait in the accept backlog), and at most {@link Limits#maxConnectionsPerAddress} from one
 * remote address (further ones are closed at once, {@link AddressConnectionLimit}); a body over {@link Limits#maxBodyBytes} is answered 413
 * (RFC 9110 §15.5.14), never cut; handlers run on at most {@link Limits#workers} threads.
 */
public final class ApiServer implements HttpRoutes, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    /** What is left of a body after an early answer is read and dropped up to this much, then the connection closes. */
    private static final long DRAIN_AFTER_ANSWER = 4L * 1024 * 1024;
    private static final ObjectMapper JSON = Response.JSON;

    /**
     * The server's limits: handler threads, open connections (in all and from one remote address), the deadline
     * for a whole request (head and body) and the largest body accepted.
     */
    public record Limits(int workers, int maxConnections, int maxConnectionsPerAddress, long requestTimeoutMillis,
            int maxBodyBytes) {

        public static final Limits DEFAULT = new Limits(32, 256, 32, 30_000, 16 * 1024 * 1024);
    }

    private record Route(String method, String[] parts, String role, Handler handler) {
    }

    private final Server server;
    private final ServerConnector connector;
    private final QueuedThreadPool pool;
    private final RequestDeadlines deadlines;
    private final AddressConnectionLimit perAddress;
    private final Limits limits;
    private final Principals principals;
    private final AuditTrail audit;
    private final List<Route> routes = new ArrayList<>();

    public ApiServer(String host, int port, Principals principals, AuditTrail audit) throws IOException {
        this(host, port, principals, audit, Limits.DEFAULT);
    }

    /** Binds the port at once (a port in use fails here, not at start). */
    public ApiServer(String host, int port, Principals principals, AuditTrail audit, Limits limits) throws IOException {
        this.limits = limits;
        this.principals = principals;
        this.audit = audit;
        // workers for handlers, plus the acceptor and the selector
        this.pool = new QueuedThreadPool(limits.workers() + 2, Math.min(4, limits.workers() + 2), 60_000);
        pool.setName("radbridge-http");
        pool.setDaemon(true);
        pool.setReservedThreads(0);
        this.server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(16 * 1024);
        this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host == null || host.isEmpty() ? null : host);
        connector.setPort(port);
        connector.setIdleTimeout(limits.requestTimeoutMillis());
        connector.setAcceptQueueSize(128);
        this.deadlines = new RequestDeadlines(limits.requestTimeoutMillis());
        connector.addBean(deadlines);
        this.perAddress = new AddressConnectionLimit(limits.maxConnectionsPerAddress());
        connector.addBean(perAddress);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        server.setHandler(new Dispatch());
        server.setErrorHandler(new JsonErrors());
        server.setStopTimeout(2_000);
        try {
            connector.open();
        } catch (IOException | RuntimeException e) {
            deadlines.close();
            throw e;
        }
    }

    /** Registers a route; path segments in braces are parameters: "/api/messages/{id}/reprocess". */
    @Override
    public synchronized void route(String method, String path, String role, Handler h) {
        routes.add(new Route(method, path.substring(1).split("/"), role, h));
    }

    public int port() {
        return connector.getLocalPort();
    }

    public Limits limits() {
        return limits;
    }

    /** Connections closed because a request was not complete within the deadline, since start. */
    public long deadlineClosures() {
        return deadlines.closedCount();
    }

    /** Connections closed because their remote address already had the most it may hold open, since start. */
    public long perAddressRefusals() {
        return perAddress.refusedCount();
    }

    /** Open HTTP connections. */
    public int openConnections() {
        return deadlines.open();
    }

    public void start() {
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP server did not start: " + e, e);
        }
        LOG.info("HTTP listening on {}:{} ({} workers, at most {} connections and {} per address, requests complete within {} ms, "
                + "bodies up to {} bytes)", connector.getHost() == null ? "*" : connector.getHost(), port(), limits.workers(),
                limits.maxConnections(), limits.maxConnectionsPerAddress(), limits.requestTimeoutMillis(), limits.maxBodyBytes());
    }

    /** Jetty's entry: the route and the caller are checked at once; the body is read without blocking, then handled. */
    private final class Dispatch extends org.eclipse.jetty.server.Handler.Abstract {

        @Override
        public boolean handle(org.eclipse.jetty.server.Request rq, org.eclipse.jetty.server.Response rs, Callback cb) {
            Connection connection = rq.getConnectionMetaData().getConnection();
            Exchange x = new Exchange(rq.getMethod(), rq.getHttpURI().getPath(), rq.getHttpURI().getQuery(),
                    String.valueOf(rq.getConnectionMetaData().getRemoteSocketAddress()),
                    rq.getHeaders().get(HttpHeader.AUTHORIZATION), headers(rq), rq.isSecure());
            Response early = x.begin(rq.getLength());
            if (early != null) {
                deadlines.received(connection);
                send(rq, rs, cb, connection, x.finish(early));
                return true;
            }
            BodyReader.read(rq, limits.maxBodyBytes(), (body, failure) -> {
                deadlines.received(connection);
                // the handler may block (database): on a worker, never on the thread that delivered the content
                pool.execute(() -> send(rq, rs, cb, connection, x.finish(failure == null ? x.run(body) : x.bodyFailed(failure))));
            });
            return true;
        }
    }

    private static Map<String, String> headers(org.eclipse.jetty.server.Request rq) {
        Map<String, String> h = new LinkedHashMap<>();
        for (org.eclipse.jetty.http.HttpField f : rq.getHeaders()) {
            h.putIfAbsent(f.getLowerCaseName(), f.getValue());
        }
        return h;
    }

    /** Errors Jetty answers itself (a malformed request line, a head over 16 KiB: 431) as JSON too. */
    private static final class JsonErrors extends org.eclipse.jetty.server.handler.ErrorHandler {
        @Override
        protected void generateResponse(org.eclipse.jetty.server.Request rq, org.eclipse.jetty.server.Response rs, int code,
                String message, Throwable cause, Callback cb) throws IOException {
            String reason = org.eclipse.jetty.http.HttpStatus.getMessage(code);
            byte[] b = JSON.writeValueAsBytes(Map.of("error", reason == null ? "error" : reason.toLowerCase(java.util.Locale.ROOT),
                    "detail", message == null ? "" : message));
            rs.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            rs.getHeaders().put(HttpHeader.CONTENT_LENGTH, b.length);
            rs.write(true, ByteBuffer.wrap(b), cb);
        }
    }

    private void send(org.eclipse.jetty.server.Request rq, org.eclipse.jetty.server.Response rs, Callback cb,
            Connection connection, Response resp) {
        try {
            rs.setStatus(resp.status());
            rs.getHeaders().put(HttpHeader.CONTENT_TYPE, resp.contentType());
            rs.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            if (resp.headers() != null) {
                resp.headers().forEach((name, values) -> {
                    rs.getHeaders().remove(name);
                    values.forEach(v -> rs.getHeaders().add(name, v));
                });
            }
            byte[] b = resp.body() == null ? new byte[0] : resp.body();
            rs.getHeaders().put(HttpHeader.CONTENT_LENGTH, b.length);
            rs.write(true, ByteBuffer.wrap(b), Callback.from(() -> {
                deadlines.answered(connection);
                BodyReader.discard(rq, DRAIN_AFTER_ANSWER, cb::succeeded);
            }, cb::failed));
        } catch (Throwable t) {
            cb.failed(t);
        }
    }

    /** One call: route, caller, body, handler, audit record. */
    private final class Exchange {
        final String method;
        final String path;
        final String rawQuery;
        final String remote;
        final String authorization;
        final Map<String, String> headers;
        final boolean secure;
        final Map<String, String> params = new LinkedHashMap<>();
        Route route;
        Principal principal;
        Request req;

        Exchange(String method, String path, String rawQuery, String remote, String authorization, Map<String, String> headers,
                boolean secure) {
            this.headers = headers;
            this.secure = secure;
            this.method = method;
            this.path = path == null || path.isEmpty() ? "/" : path;
            this.rawQuery = rawQuery;
            this.remote = remote;
            this.authorization = authorization;
        }

        /** Route and caller; an answer already (404, 405, 401, 403, 413), or null to read the body and go on. */
        Response begin(long declaredLength) {
            try {
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
                if (route == null) {
                    throw pathExists ? new ApiException(405, "method not allowed", method + " " + path)
                            : new ApiException(404, "not found", path);
                }
                if (route.role() != null) {
                    principal = authorize(authorization, route, method, path, remote);
                }
                if (declaredLength > limits.maxBodyBytes()) {
                    throw tooLarge();
                }
                return null;
            } catch (Throwable t) {
                return failure(t);
            }
        }

        Response run(byte[] body) {
            CallAudit.take();
            try {
                req = new Request(method, path, Map.copyOf(params), Request.parseQuery(rawQuery), body, principal, remote, headers, secure);
                return route.handler().handle(req);
            } catch (Throwable t) {
                return failure(t);
            }
        }

        Response bodyFailed(Throwable failure) {
            if (failure instanceof BodyReader.TooLarge) {
                return failure(tooLarge());
            }
            return failure(new ApiException(400, "bad request", "the body could not be read: " + failure.getClass().getSimpleName()));
        }

        private ApiException tooLarge() {
            return new ApiException(413, "payload too large", "the body exceeds " + limits.maxBodyBytes()
                    + " bytes (radbridge.http.max-body-bytes)");
        }

        /** The JSON answer for anything thrown; one log line for what is not an ApiException. */
        private Response failure(Throwable t) {
            if (t instanceof ApiException e) {
                return Response.json(e.status(), Map.of("error", e.getMessage(), "detail", e.detail() == null ? "" : e.detail()));
            }
            if (t instanceof Error) {
                // e.g. StackOverflowError: its trace would be a thousand lines; the class says enough
                LOG.error("HTTP {} {} failed", method, path, t);
            } else {
                LOG.warn("HTTP {} {} failed", method, path, t);
            }
            return Response.json(500, Map.of("error", "internal error", "detail", t.getClass().getSimpleName()));
        }

        /** Audits an authenticated call, whatever its answer (fail closed: no audit record, no answer). */
        Response finish(Response resp) {
            Integer audited = CallAudit.take();
            if (principal == null) {
                return resp;
            }
            if (audited != null && audited == resp.status()) {
                return resp; // the handler's transaction holds this call's record
            }
            try {
                audit.record(AuditEvents.apiAccess(principal.name(), remote, method, path, resp.status(),
                        req == null ? null : req.query("patientId")));
                return resp;
            } catch (Throwable e) {
                LOG.error("HTTP {} {}: audit record failed, answering 503 ({}; the audit trail logs the cause)", method, path,
                        org.radbridge.intake.Throwables.brief(e));
                return Response.json(503, Map.of("error", "audit trail unavailable", "detail", "the call was not answered"));
            }
        }
    }

    /**
     * Authenticates the bearer token and checks the route's role: 401 without a valid token, 403 without
     * the role, each refusal audited as a security alert (with the principal, or the token id presented).
     */
    private Principal authorize(String authorization, Route route, String method, String path, String remote) {
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
                params.put(parts[i].substring(1, parts[i].length() - 1), Request.decode(p[i], "path"));
            } else if (!parts[i].equals(Request.decode(p[i], "path"))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("HTTP server stop failed", e);
        }
        deadlines.close();
    }
}
