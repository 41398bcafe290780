package org.radbridge.outbox;

/**
 * The published outcome table (docs/outbox.md): what a receiver's answer means for an entry.
 * HTTP: 2xx delivered; 408, 429, 5xx retry (honouring Retry-After); 401, 403 pause the destination; other
 * 4xx dead letter (the body, e.g. an OperationOutcome, is kept). Network errors and timeouts: retry.
 * MLLP: AA/CA delivered; AE and AR per destination policy (retry, dead, pause); no or wrong ACK: retry.
 */
public final class OutcomeTable {

    private OutcomeTable() {
    }

    /** What to do for an MLLP AE or AR, configured per destination. */
    public enum NakPolicy {
        RETRY, DEAD, PAUSE;

        public static NakPolicy of(String s, NakPolicy def) {
            if (s == null || s.isBlank()) {
                return def;
            }
            return NakPolicy.valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }

    public static DeliveryResult http(int status, String body, String retryAfter) {
        String detail = "HTTP " + status + (body == null || body.isBlank() ? "" : ": " + clip(body, 2000));
        if (status >= 200 && status < 300) {
            return DeliveryResult.delivered("HTTP " + status);
        }
        if (status == 408 || status == 429 || status >= 500) {
            Long after = retryAfterMillis(retryAfter);
            return after != null ? DeliveryResult.retryAfter(detail, after) : DeliveryResult.retry(detail);
        }
        if (status == 401 || status == 403) {
            return DeliveryResult.pause(detail);
        }
        return DeliveryResult.dead(detail);
    }

    /** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
    public static Long retryAfterMillis(String h) {
        if (h == null || h.isBlank()) {
            return null;
        }
        try {
            return Math.max(0, Long.parseLong(h.trim())) * 1000;
        } catch (NumberFormatException e) {
            try {
                java.time.ZonedDateTime t = java.time.ZonedDateTime.parse(h.trim(),
                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, t.toInstant().toEpochMilli() - System.currentTimeMillis());
            } catch (RuntimeException e2) {
                return null;
            }
        }
    }

    /** MLLP acknowledgement code (MSA-1) to an outcome. */
    public static DeliveryResult mllp(String msa1, String text, NakPolicy onAe, NakPolicy onAr) {
        String code = msa1 == null ? "" : msa1.trim().toUpperCase(java.util.Locale.ROOT);
        String detail = "MSA-1 " + code + (text == null || text.isBlank() ? "" : ": " + clip(text, 500));
        switch (code) {
            case "AA", "CA" -> {
                return DeliveryResult.delivered(detail);
            }
            case "AE", "CE" -> {
                return nak(onAe, detail);
            }
            case "AR", "CR" -> {
                return nak(onAr, detail);
            }
            default -> {
                return DeliveryResult.retry("unreadable acknowledgement: " + detail);
            }
        }
    }

    private static DeliveryResult nak(NakPolicy p, String detail) {
        return switch (p) {
            case RETRY -> DeliveryResult.retry(detail);
            case DEAD -> DeliveryResult.dead(detail);
            case PAUSE -> DeliveryResult.pause(detail);
        };
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n) + "...";
    }
}
