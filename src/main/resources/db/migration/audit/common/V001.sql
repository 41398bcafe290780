-- Append-only audit trail, each record chained to its predecessor by an HMAC (design.md §6).
CREATE TABLE audit_events (
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  type TEXT NOT NULL,
  outcome TEXT NOT NULL,
  principal TEXT,
  source TEXT,
  patient_key TEXT,
  object_type TEXT,
  object_id TEXT,
  detail TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_events_at ON audit_events(at);
CREATE INDEX audit_events_type ON audit_events(type, seq);
CREATE INDEX audit_events_patient ON audit_events(patient_key, seq);
