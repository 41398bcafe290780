-- Worklist items (design.md §5): one row per Scheduled Procedure Step, keyed by (Study Instance UID, SPS ID),
-- with the matching keys of the MWL C-FIND SCP as indexed columns (docs/dicom-conformance.md) and the item's
-- DICOM data set (explicit VR little endian, ISO_IR 192). *_ci columns hold the upper-cased value for
-- case-insensitive person name matching. sps_start is YYYYMMDDHHMMSS for combined date-time ranges. Text
-- columns use the "C" collation so that prefix ranges (wildcard matching) compare bytes, as in SQLite.
CREATE TABLE worklist_items (
  id BIGSERIAL PRIMARY KEY,
  study_uid TEXT COLLATE "C" NOT NULL,
  sps_id TEXT COLLATE "C" NOT NULL,
  patient_key TEXT COLLATE "C",
  order_key TEXT COLLATE "C",
  procedure_key TEXT COLLATE "C",
  patient_id TEXT COLLATE "C",
  issuer_of_patient_id TEXT COLLATE "C",
  patient_name TEXT COLLATE "C",
  patient_name_ci TEXT COLLATE "C",
  birth_date TEXT COLLATE "C",
  sex TEXT COLLATE "C",
  accession TEXT COLLATE "C",
  requested_procedure_id TEXT COLLATE "C",
  referring_physician TEXT COLLATE "C",
  referring_physician_ci TEXT COLLATE "C",
  requesting_physician TEXT COLLATE "C",
  requesting_physician_ci TEXT COLLATE "C",
  admission_id TEXT COLLATE "C",
  priority TEXT COLLATE "C",
  modality TEXT COLLATE "C",
  station_aes TEXT COLLATE "C",
  station_name TEXT COLLATE "C",
  sps_location TEXT COLLATE "C",
  sps_start TEXT COLLATE "C",
  sps_start_date TEXT COLLATE "C",
  sps_start_time TEXT COLLATE "C",
  performing_physician TEXT COLLATE "C",
  performing_physician_ci TEXT COLLATE "C",
  sps_status TEXT COLLATE "C" NOT NULL,
  message_id BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  expired_at BIGINT,
  dataset BYTEA NOT NULL
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
  station_ae TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (item_id, station_ae)
);
CREATE INDEX worklist_stations_ae ON worklist_stations(station_ae, item_id);
