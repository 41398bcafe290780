package org.radbridge.engine.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A response: status, content type, body, and further headers (name to values, e.g. Location, Set-Cookie);
 * a Cache-Control given here replaces the server's default no-store.
 */
public record Response(int status, String contentType, byte[] body, Map<String, List<String>> headers) {

    /** The JSON of the API's answers (indented). */
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Response(int status, String contentType, byte[] body) {
        this(status, contentType, body, Map.of());
    }

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
