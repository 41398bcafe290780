-- Study availability (docs/study-available.md).
-- One row per study made available: what was last processed (series and instance counts), so a repeated
-- notification with the same content (IAN resent, webhook and poller both reporting) sends nothing again.
CREATE TABLE availability_studies (
  study_uid TEXT PRIMARY KEY,
  series_count INTEGER NOT NULL,
  instance_count INTEGER NOT NULL,
  matched TEXT NOT NULL,
  message_id BIGINT,
  first_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- Studies that matched no order, one row per (study, HL7 destination): the destination's no-order policy
-- (notify, hold, reconcile) and where it stands (notified, held, reconcile, released, expired). The event
-- (JSON) is kept so a held study can be processed again once its order arrives.
CREATE TABLE availability_unmatched (
  id BIGSERIAL PRIMARY KEY,
  study_uid TEXT NOT NULL,
  destination TEXT NOT NULL,
  policy TEXT NOT NULL,
  state TEXT NOT NULL,
  message_id BIGINT,
  patient_key TEXT,
  accession TEXT,
  event TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX availability_unmatched_key ON availability_unmatched(study_uid, destination);
CREATE INDEX availability_unmatched_state ON availability_unmatched(state, id);

-- Named cursors of pollers (Orthanc /changes: the last sequence number processed).
CREATE TABLE availability_cursors (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- Leases: only the engine instance holding an unexpired lease runs the task (the Orthanc poller).
CREATE TABLE availability_leases (
  name TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
