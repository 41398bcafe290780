package org.radbridge.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A page body under construction, with strict escaping: markup comes only from {@link #raw} and the templates of
 * {@link #f} (trusted constants in the code), every value passes through {@link #esc} (HTML text and quoted
 * attribute values alike: {@code & < > " '} are replaced), so data from messages can never become markup
 * (OWASP XSS prevention rules 1 and 2). Attribute values must be quoted in the templates.
 *
 * <pre>{@code
 * Html h = new Html();
 * h.f("<h1>{}</h1>", title).raw("<table class=grid>");
 * h.f("<tr><td><a href=\"/console/messages/{}\">{}</a></td></tr>", id, controlId);
 * }</pre>
 */
public final class Html {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final StringBuilder b = new StringBuilder(4096);

    /** Trusted markup, written as is: only constants from the code, never data. */
    public Html raw(String markup) {
        b.append(markup);
        return this;
    }

    /** A value as escaped text (null writes nothing). */
    public Html text(Object value) {
        b.append(esc(value));
        return this;
    }

    /**
     * A template (trusted markup) whose {@code {}} placeholders are filled with the escaped values in order; a
     * value that is already {@link Html} is inserted as markup.
     */
    public Html f(String template, Object... values) {
        int from = 0;
        int i = 0;
        while (true) {
            int at = template.indexOf("{}", from);
            if (at < 0) {
                break;
            }
            b.append(template, from, at);
            if (i >= values.length) {
                throw new IllegalArgumentException("more {} than values in " + template);
            }
            Object v = values[i++];
            if (v instanceof Html h) {
                b.append(h.b);
            } else {
                b.append(esc(v));
            }
            from = at + 2;
        }
        if (i != values.length) {
            throw new IllegalArgumentException("more values than {} in " + template);
        }
        b.append(template, from, template.length());
        return this;
    }

    /** Appends another fragment (already safe). */
    public Html add(Html other) {
        b.append(other.b);
        return this;
    }

    /** HTML-escapes a value for text and quoted attributes; null gives "". */
    public static String esc(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder o = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (r != null || (c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
                if (o == null) {
                    o = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                o.append(r != null ? r : "\uFFFD");
            } else if (o != null) {
                o.append(c);
            }
        }
        return o == null ? s : o.toString();
    }

    /** A URL query or path component, percent-encoded. */
    public static String url(Object value) {
        return value == null ? "" : java.net.URLEncoder.encode(value.toString(), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** An instant (epoch millis) as "yyyy-MM-dd HH:mm:ssZ" in UTC; 0 gives "". */
    public static String time(long epochMillis) {
        return epochMillis == 0 ? "" : TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    @Override
    public String toString() {
        return b.toString();
    }
}
