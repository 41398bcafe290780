-- Journal: every received message, its raw bytes, its acknowledgement and its state.
CREATE TABLE messages (
  id BIGSERIAL PRIMARY KEY,
  received_at BIGINT NOT NULL,
  channel TEXT NOT NULL,
  remote_addr TEXT,
  sender TEXT NOT NULL,
  control_id TEXT,
  message_type TEXT,
  version TEXT,
  processing_id TEXT,
  charset TEXT,
  ack_mode TEXT,
  flows TEXT,
  state TEXT NOT NULL,
  ack_code TEXT,
  ack_text TEXT,
  error_code INTEGER,
  error_text TEXT,
  content_hash TEXT,
  collision INTEGER NOT NULL DEFAULT 0,
  duplicate_of BIGINT,
  patient_key TEXT,
  accession TEXT,
  order_key TEXT,
  raw BYTEA,
  raw_size INTEGER NOT NULL DEFAULT 0,
  purged_at BIGINT,
  processed_at BIGINT,
  attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX messages_dedup ON messages(sender, control_id);
CREATE INDEX messages_state ON messages(state, id);
CREATE INDEX messages_type ON messages(message_type, id);
CREATE INDEX messages_patient ON messages(patient_key, id);
CREATE INDEX messages_accession ON messages(accession, id);
CREATE INDEX messages_order ON messages(order_key, id);
CREATE INDEX messages_received ON messages(received_at);

-- State history and effects of each message.
CREATE TABLE message_events (
  id BIGSERIAL PRIMARY KEY,
  message_id BIGINT NOT NULL,
  at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  detail TEXT
);
CREATE INDEX message_events_msg ON message_events(message_id, id);

-- Outbox: work to deliver, ordered per (destination, ordering_key).
CREATE TABLE outbox (
  id BIGSERIAL PRIMARY KEY,
  created_at BIGINT NOT NULL,
  message_id BIGINT,
  destination TEXT NOT NULL,
  ordering_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  content_type TEXT,
  payload BYTEA,
  control_id TEXT,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  claimed_by TEXT,
  claimed_until BIGINT,
  last_outcome TEXT,
  last_error TEXT,
  updated_at BIGINT NOT NULL,
  done_at BIGINT
);
CREATE INDEX outbox_claim ON outbox(destination, state, next_attempt_at, id);
CREATE INDEX outbox_key ON outbox(destination, ordering_key, id);
CREATE INDEX outbox_message ON outbox(message_id);

CREATE TABLE outbox_attempts (
  id BIGSERIAL PRIMARY KEY,
  outbox_id BIGINT NOT NULL,
  at BIGINT NOT NULL,
  outcome TEXT NOT NULL,
  detail TEXT,
  duration_ms BIGINT
);
CREATE INDEX outbox_attempts_entry ON outbox_attempts(outbox_id, id);

CREATE TABLE destinations (
  name TEXT PRIMARY KEY,
  paused INTEGER NOT NULL DEFAULT 0,
  reason TEXT,
  changed_at BIGINT,
  changed_by TEXT
);

-- Merged-away patient keys point at the surviving one (ADT^A40 and friends).
CREATE TABLE patient_aliases (
  alias_key TEXT PRIMARY KEY,
  target_key TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  message_id BIGINT
);

-- Singletons across instances (pollers): one owner until a time.
CREATE TABLE leases (
  name TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  until_ms BIGINT NOT NULL
);
-- Unfinished entries only: keeps the "oldest unfinished entry of a key" lookup small.
CREATE INDEX outbox_open_key ON outbox(destination, ordering_key, id) WHERE state <> 'DONE' AND state <> 'SKIPPED';
