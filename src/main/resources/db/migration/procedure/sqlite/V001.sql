-- Modality Performed Procedure Steps received as PPS Manager (IHE RAD-6/7, PS3.4 F.7; docs/procedure-status.md):
-- one row per MPPS SOP Instance, its current data set (N-CREATE with the N-SETs applied; explicit VR little
-- endian) and what RadBridge made of it. unresolved = references (Scheduled Step Attributes Sequence items)
-- that matched no worklist item; an MPPS with linked = 0 or unresolved > 0 is on the reconciliation list.
CREATE TABLE mpps (
  sop_instance_uid TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  calling_ae TEXT,
  pps_id TEXT,
  patient_key TEXT,
  study_uid TEXT,
  accession TEXT,
  modality TEXT,
  case_kind TEXT NOT NULL,
  linked INTEGER NOT NULL DEFAULT 0,
  unresolved INTEGER NOT NULL DEFAULT 0,
  dose TEXT,
  message_id BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  dataset BLOB NOT NULL
);
CREATE INDEX mpps_reconcile ON mpps(linked, unresolved, updated_at);
CREATE INDEX mpps_study ON mpps(study_uid);

-- The scheduled procedure steps an MPPS performs (zero, one, or several for a group case), with the SPS
-- status before the MPPS first touched it (to tell scheduled from append) and how the link was made.
CREATE TABLE mpps_sps (
  mpps_uid TEXT NOT NULL,
  study_uid TEXT NOT NULL,
  sps_id TEXT NOT NULL,
  prior_status TEXT,
  how TEXT NOT NULL,
  linked_at BIGINT NOT NULL,
  PRIMARY KEY (mpps_uid, study_uid, sps_id)
);
CREATE INDEX mpps_sps_step ON mpps_sps(study_uid, sps_id);
