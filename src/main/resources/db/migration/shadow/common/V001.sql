-- Shadow run (docs/site-adaptation.md, "Shadow run"): one report per live message explained again with the candidate
-- mappings of radbridge.mappings.shadow-dir. "fields" lists the changed paths (for the list view); "report" is the
-- JSON report (differences, both answers); purged with the journal payloads (radbridge.retention.payload-days).
CREATE TABLE shadow_reports (
  message_id BIGINT PRIMARY KEY,
  created_at BIGINT NOT NULL,
  message_type TEXT,
  control_id TEXT,
  live_answer TEXT NOT NULL,
  shadow_answer TEXT NOT NULL,
  differences INTEGER NOT NULL,
  fields TEXT NOT NULL,
  report TEXT NOT NULL
);
CREATE INDEX shadow_reports_created ON shadow_reports(created_at);
