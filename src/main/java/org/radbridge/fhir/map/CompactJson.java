package org.radbridge.fhir.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * A Jackson tree written as compact UTF-8 JSON (RFC 8259) in one pass over the tree into one byte array, byte for
 * byte what Jackson's default {@code ObjectWriter} writes for it (the outbox payload and the golden files depend
 * on that): objects in insertion order, strings with {@code \"} and {@code \\} escaped, every other character of
 * U+0020..U+FFFF (surrogates aside) as its UTF-8 bytes. Whatever is less common (control characters, surrogate
 * pairs, numbers, POJOs) is handed to Jackson for that one value, so the output cannot differ from Jackson's.
 * Issue 15: the Bundle of every order was written through Jackson's serializer provider and generator, 4% of the
 * intake's CPU.
 */
final class CompactJson {

    private byte[] buf;
    private int len;
    private final ObjectWriter fallback;

    private CompactJson(int capacity, ObjectWriter fallback) {
        this.buf = new byte[capacity];
        this.fallback = fallback;
    }

    static byte[] write(JsonNode n, ObjectWriter fallback) {
        CompactJson w = new CompactJson(4096, fallback);
        w.value(n);
        return Arrays.copyOf(w.buf, w.len);
    }

    private void value(JsonNode n) {
        if (n instanceof ObjectNode o) {
            object(o);
        } else if (n instanceof ArrayNode a) {
            array(a);
        } else if (n.isTextual()) {
            string(n.textValue());
        } else if (n.isBoolean()) {
            ascii(n.booleanValue() ? "true" : "false");
        } else if (n.isNull()) {
            ascii("null");
        } else {
            try {
                bytes(fallback.writeValueAsBytes(n));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void object(ObjectNode o) {
        put((byte) '{');
        boolean first = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!first) {
                put((byte) ',');
            }
            first = false;
            string(e.getKey());
            put((byte) ':');
            value(e.getValue());
        }
        put((byte) '}');
    }

    private void array(ArrayNode a) {
        put((byte) '[');
        for (int i = 0, n = a.size(); i < n; i++) {
            if (i > 0) {
                put((byte) ',');
            }
            value(a.get(i));
        }
        put((byte) ']');
    }

    /** A quoted string; a control character or a surrogate anywhere: Jackson writes the whole string. */
    private void string(String s) {
        int n = s.length();
        ensure(n * 3 + 2);
        byte[] b = buf;
        int p = len;
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c < 0x20) {
                    jackson(s);
                    return;
                }
                if (c == '"' || c == '\\') {
                    b[p++] = '\\'; // two bytes, within the three reserved per character
                }
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xc0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3f));
            } else if (c >= 0xd800 && c <= 0xdfff) {
                jackson(s);
                return;
            } else {
                b[p++] = (byte) (0xe0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                b[p++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        b[p++] = '"';
        len = p;
    }

    private void jackson(String s) {
        try {
            bytes(fallback.writeValueAsBytes(s));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void put(byte c) {
        if (len == buf.length) {
            ensure(1);
        }
        buf[len++] = c;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
