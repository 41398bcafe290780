-- Worklist items (design.md §5): one row per Scheduled Procedure Step, keyed by (Study Instance UID, SPS ID),
-- with the matching keys of the MWL C-FIND SCP as indexed columns (docs/dicom-conformance.md) and the item's
-- DICOM data set (explicit VR little endian, ISO_IR 192). *_ci columns hold the upper-cased value for
-- case-insensitive person name matching. sps_start is YYYYMMDDHHMMSS for combined date-time ranges.
CREATE TABLE worklist_items (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  study_uid TEXT NOT NULL,
  sps_id TEXT NOT NULL,
  patient_key TEXT,
  order_key TEXT,
  procedure_key TEXT,
  patient_id TEXT,
  issuer_of_patient_id TEXT,
  patient_name TEXT,
  patient_name_ci TEXT,
  birth_date TEXT,
  sex TEXT,
  accession TEXT,
  requested_procedure_id TEXT,
  referring_physician TEXT,
  referring_physician_ci TEXT,
  requesting_physician TEXT,
  requesting_physician_ci TEXT,
  admission_id TEXT,
  priority TEXT,
  modality TEXT,
  station_aes TEXT,
  station_name TEXT,
  sps_location TEXT,
  sps_start TEXT,
  sps_start_date TEXT,
  sps_start_time TEXT,
  performing_physician TEXT,
  performing_physician_ci TEXT,
  sps_status TEXT NOT NULL,
  message_id BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  expired_at BIGINT,
  dataset BLOB NOT NULL
);
CREATE UNIQUE INDEX worklist_items_key ON worklist_items(study_uid, sps_id);
CREATE INDEX worklist_items_start ON worklist_items(sps_start);
CREATE INDEX worklist_items_modality ON worklist_items(modality, sps_start);
CREATE INDEX worklist_items_patient_id ON worklist_items(patient_id);
CREATE INDEX worklist_items_patient_name ON worklist_items(patient_name_ci);
CREATE INDEX worklist_items_accession ON worklist_items(accession);
CREATE INDEX worklist_items_rp_id ON worklist_items(requested_procedure_id);
CREATE INDEX worklist_items_patient_key ON worklist_items(patient_key);
CREATE INDEX worklist_items_order_key ON worklist_items(order_key);
CREATE INDEX worklist_items_status ON worklist_items(sps_status, updated_at);

-- Scheduled Station AE Title (0040,0001) is multi-valued (IPC-9 repeats): one row per value.
CREATE TABLE worklist_stations (
  item_id BIGINT NOT NULL,
  station_ae TEXT NOT NULL,
  PRIMARY KEY (item_id, station_ae)
);
CREATE INDEX worklist_stations_ae ON worklist_stations(station_ae, item_id);
