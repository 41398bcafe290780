-- Export cursors of the audit trail (e.g. the IHE ATNA syslog export): the last record sent, and a lease
-- so that only one engine instance exports at a time.
CREATE TABLE audit_export (
  name TEXT PRIMARY KEY,
  last_seq BIGINT NOT NULL,
  leased_by TEXT,
  leased_until BIGINT
);
