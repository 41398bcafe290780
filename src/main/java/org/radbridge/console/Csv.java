package org.radbridge.console;

/**
 * CSV rows (RFC 4180: CRLF, fields quoted when they hold a comma, quote or line break) with spreadsheet formula
 * injection neutralised (OWASP CSV Injection: a field starting with = + - @ tab or CR gets a leading apostrophe).
 */
public final class Csv {

    private Csv() {
    }

    public static String row(String... fields) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(field(fields[i]));
        }
        return b.append("\r\n").toString();
    }

    public static String field(String v) {
        if (v == null) {
            return "";
        }
        String s = v;
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            s = "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
