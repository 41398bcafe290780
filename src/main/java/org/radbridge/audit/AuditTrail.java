package org.radbridge.audit;

import org.radbridge.store.Tx;

/**
 * Where audit records go. {@link #record(Tx, AuditEvent)} appends inside the caller's transaction (fail
 * closed: if it throws, the caller's work is rolled back); {@link #record(AuditEvent)} appends on its own.
 */
public interface AuditTrail {

    void record(Tx tx, AuditEvent e) throws Exception;

    void record(AuditEvent e);
}
