package org.radbridge.console;

/** Small inline SVG charts (no script, no external file; allowed by the console's Content-Security-Policy). */
final class Charts {

    private Charts() {
    }

    /** Stacked bars per bucket: processed (green), failed (red), waiting (blue), scaled to the largest bucket. */
    static Html bars(DashboardData.Series s, int width, int height, String id) {
        int n = s.ok.length;
        long max = 1;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, s.ok[i] + s.failed[i] + s.pending[i]);
        }
        double slot = (double) width / n;
        double bar = Math.max(1, slot - 2);
        Html h = new Html();
        if (id == null) {
            h.f("<svg class=\"chart\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\">", width, height, width, height);
        } else {
            // a wide chart fills its section; the bars stretch with it
            h.f("<svg class=\"chart wide\" id=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" preserveAspectRatio=\"none\" role=\"img\">", id,
                    height, width, height);
        }
        h.f("<title>{} processed, {} failed, {} waiting in the last hour (5-minute bars)</title>", s.ok(), s.failed(), s.pending());
        for (int i = 0; i < n; i++) {
            double x = i * slot + 1;
            double y = height;
            y = rect(h, "ok", x, y, bar, s.ok[i], max, height);
            y = rect(h, "bad", x, y, bar, s.failed[i], max, height);
            rect(h, "rcv", x, y, bar, s.pending[i], max, height);
        }
        return h.raw("<line x1=\"0\" y1=\"" + (height - 0.5) + "\" x2=\"" + width + "\" y2=\"" + (height - 0.5)
                + "\" stroke=\"#d8dee4\"/></svg>");
    }

    private static double rect(Html h, String cls, double x, double bottom, double w, long v, long max, int height) {
        if (v <= 0) {
            return bottom;
        }
        double hh = Math.max(1.5, (double) v / max * (height - 2));
        double y = bottom - hh;
        h.raw(String.format(java.util.Locale.ROOT, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>", cls, x, y, w, hh));
        return y;
    }
}
