package org.radbridge.engine.http;

import org.radbridge.audit.AuditEvent;
import org.radbridge.audit.AuditEvents;

/**
 * A call's API_ACCESS audit record written by its handler, in the transaction of the handler's own work (one commit
 * per call instead of two; still no answer without its audit record). The handler adds {@link #record} to its
 * transaction and, once that committed, calls {@link #written}; the HTTP server then writes no second record when the
 * call is answered with that status ({@link #take}). Any other answer is audited by the server as usual. Handler and
 * server run the call on the same worker thread.
 */
public final class CallAudit {

    private static final ThreadLocal<Integer> WRITTEN = new ThreadLocal<>();

    private CallAudit() {
    }

    /** The API_ACCESS record of this call answered with {@code status}. */
    public static AuditEvent record(Request r, int status) {
        return AuditEvents.apiAccess(r.principal() == null ? null : r.principal().name(), r.remote(), r.method(), r.path(),
                status, r.query("patientId"));
    }

    /** The transaction holding {@link #record} for {@code status} committed. */
    public static void written(int status) {
        WRITTEN.set(status);
    }

    /** For the server: the status whose record the handler wrote (null: none), and forgets it. */
    public static Integer take() {
        Integer s = WRITTEN.get();
        WRITTEN.remove();
        return s;
    }
}
