package org.radbridge.worklist;

import java.util.List;
import java.util.Locale;

/**
 * Scheduled Procedure Step Status (0040,0020) values (PS3.3 C.4.10; dcm4chee SPSStatus) and the state
 * rules RadBridge applies: an item is "open" (its demographics follow patient updates, MPPS may start it)
 * until it is STARTED or finished.
 */
public final class SpsStatus {

    public static final String SCHEDULED = "SCHEDULED";
    public static final String ARRIVED = "ARRIVED";
    public static final String READY = "READY";
    public static final String STARTED = "STARTED";
    public static final String DEPARTED = "DEPARTED";
    public static final String COMPLETED = "COMPLETED";
    public static final String DISCONTINUED = "DISCONTINUED";
    public static final String CANCELED = "CANCELED";

    public static final List<String> ALL = List.of(SCHEDULED, ARRIVED, READY, STARTED, DEPARTED, COMPLETED,
            DISCONTINUED, CANCELED);
    /** Statuses of items patient updates still apply to. */
    public static final List<String> OPEN = List.of(SCHEDULED, ARRIVED, READY);
    /** Statuses after which the step is over (purged by housekeeping after radbridge.worklist.purge-after-days). */
    public static final List<String> FINISHED = List.of(COMPLETED, DISCONTINUED, CANCELED);

    private SpsStatus() {
    }

    /** The canonical value, or IllegalArgumentException listing the allowed ones. */
    public static String of(String s) {
        String v = s == null ? "" : s.trim().toUpperCase(Locale.ROOT);
        if (!ALL.contains(v)) {
            throw new IllegalArgumentException("SPS status must be one of " + String.join(", ", ALL) + ", is \"" + s + "\"");
        }
        return v;
    }
}
