package org.radbridge.engine.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP request as a module's handler sees it (design.md §3): path parameters, decoded query, body, the
 * authenticated principal (null on open routes), the remote address; {@code headers} by lower-case name (the
 * first value of each), {@code secure} true when it came over TLS.
 */
public record Request(String method, String path, Map<String, String> params, Map<String, String> query,
        byte[] body, Principal principal, String remote, Map<String, String> headers, boolean secure) {

    public Request(String method, String path, Map<String, String> params, Map<String, String> query,
            byte[] body, Principal principal, String remote) {
        this(method, path, params, query, body, principal, remote, Map.of(), false);
    }

    /** A header by name (any case), null when absent. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String query(String name) {
        String v = query.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    public String param(String name) {
        return params.get(name);
    }

    /** A numeric query parameter, null when absent; 400 naming it when it is not a number. */
    public Long longQuery(String name) {
        String v = query(name);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ApiException(400, "bad parameter", name + " must be a number");
        }
    }

    public long longParam(String name) {
        try {
            return Long.parseLong(params.get(name));
        } catch (NumberFormatException e) {
            throw new ApiException(400, "bad path parameter", name + " must be a number");
        }
    }

    /** Decodes a query string or an application/x-www-form-urlencoded body (400 on bad percent-encoding). */
    public static Map<String, String> parseQuery(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            String k = decode(eq < 0 ? kv : kv.substring(0, eq), "query");
            String v = eq < 0 ? "" : decode(kv.substring(eq + 1), "query");
            q.put(k, v);
        }
        return q;
    }

    /** Percent-decodes a part of the request (400 naming where, on bad percent-encoding). */
    public static String decode(String s, String where) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "bad request", "malformed percent-encoding in the " + where);
        }
    }
}
