package org.radbridge.store;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * What to look for in the message journal ({@link MessageSearch}); null fields are not used. Written by an operator
 * as one line ({@link #parse}): {@code key:value} terms separated by spaces, e.g.
 * {@code type:ORU^R01 state:FAILED from:24h} or {@code name:smith^jo}; a bare word is an identifier looked up as
 * control id (MSH-10), accession or patient id.
 *
 * @param text       a bare identifier: control id, accession or patient id
 * @param patientId  PID-3 id, "ID" (any issuer) or "ID^ISSUER"
 * @param patientName upper-cased prefix of "FAMILY^GIVEN"
 * @param from       received at or after (epoch ms)
 * @param to         received before (epoch ms)
 * @param beforeId   only entries with a smaller id (the API's old "before" cursor)
 */
public record MessageQuery(String text, String controlId, String accession, String patientId, String patientName,
        String type, String sender, String state, String ackCode, Long from, Long to, Long beforeId) {

    public static final MessageQuery ALL = new MessageQuery(null, null, null, null, null, null, null, null, null, null,
            null, null);

    /** The keys of {@link #parse}, with their short forms. */
    public static final String SYNTAX = "control: accession: patient: name: type: sender: state: ack: from: to: "
            + "(from/to: 2026-12-06, 2026-12-06T14:30, or 15m / 24h / 7d ago)";

    /** The position after the last row of a page: (received_at, id); as text "receivedAt.id". */
    public record Cursor(long receivedAt, long id) {

        public String token() {
            return receivedAt + "." + id;
        }

        /** The cursor of a token; IllegalArgumentException when it is not one. */
        public static Cursor parse(String token) {
            int dot = token == null ? -1 : token.indexOf('.');
            try {
                if (dot > 0) {
                    return new Cursor(Long.parseLong(token.substring(0, dot)), Long.parseLong(token.substring(dot + 1)));
                }
            } catch (NumberFormatException e) {
                // fall through
            }
            throw new IllegalArgumentException("not a page cursor: " + token);
        }
    }

    /** True when nothing restricts the search. */
    public boolean isEmpty() {
        return equals(ALL);
    }

    /**
     * Parses an operator's query line; times without a zone are in {@code zone}. IllegalArgumentException naming the
     * term when a term is not understood.
     */
    public static MessageQuery parse(String line, ZoneId zone, long nowMs) {
        String[] f = new String[12];
        if (line != null) {
            for (String term : line.trim().split("\\s+")) {
                if (term.isEmpty()) {
                    continue;
                }
                int colon = term.indexOf(':');
                if (colon < 0) {
                    f[0] = term;
                    continue;
                }
                String key = term.substring(0, colon).toLowerCase(Locale.ROOT);
                String value = term.substring(colon + 1);
                if (value.isEmpty()) {
                    throw new IllegalArgumentException("\"" + term + "\" has no value");
                }
                int i = switch (key) {
                    case "control", "controlid", "msh10", "id" -> 1;
                    case "accession", "acc" -> 2;
                    case "patient", "pid", "patientid" -> 3;
                    case "name" -> 4;
                    case "type" -> 5;
                    case "sender", "from-sender" -> 6;
                    case "state", "status" -> 7;
                    case "ack" -> 8;
                    case "from", "since" -> 9;
                    case "to", "until" -> 10;
                    default -> throw new IllegalArgumentException("unknown search key \"" + key + "\" (use " + SYNTAX + ")");
                };
                f[i] = value;
            }
        }
        return new MessageQuery(f[0], f[1], f[2], f[3], name(f[4]), upperOrNull(f[5]), f[6], upperOrNull(f[7]),
                upperOrNull(f[8]), time(f[9], zone, nowMs), time(f[10], zone, nowMs), null);
    }

    /** The query line of this query (inverse of {@link #parse} up to time formatting). */
    public String line(ZoneId zone) {
        StringBuilder b = new StringBuilder();
        add(b, null, text);
        add(b, "control", controlId);
        add(b, "accession", accession);
        add(b, "patient", patientId);
        add(b, "name", patientName);
        add(b, "type", type);
        add(b, "sender", sender);
        add(b, "state", state);
        add(b, "ack", ackCode);
        add(b, "from", from == null ? null : LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(from), zone).toString());
        add(b, "to", to == null ? null : LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(to), zone).toString());
        return b.toString();
    }

    private static void add(StringBuilder b, String key, String value) {
        if (value != null) {
            b.append(b.length() == 0 ? "" : " ").append(key == null ? "" : key + ":").append(value);
        }
    }

    /** "Smith, Jo" or "smith^jo" as the stored upper-cased "SMITH^JO". */
    static String name(String s) {
        if (s == null) {
            return null;
        }
        String n = s.replace(", ", "^").replace(',', '^').trim().toUpperCase(Locale.ROOT);
        return n.isEmpty() ? null : n;
    }

    private static String upperOrNull(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }

    /** An absolute date or date-time in the zone, or an age ("15m", "24h", "7d") before now. */
    static Long time(String s, ZoneId zone, long nowMs) {
        if (s == null) {
            return null;
        }
        if (s.matches("\\d+[smhd]")) {
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            Duration d = switch (s.charAt(s.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return nowMs - d.toMillis();
        }
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay(zone).toInstant().toEpochMilli();
            }
            return LocalDateTime.parse(s).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a time: \"" + s + "\" (use 2026-12-06, 2026-12-06T14:30 or 24h)");
        }
    }
}
