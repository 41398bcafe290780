-- Held effects (docs/site-adaptation.md, "Held effects"): an effect a flow could not make for a configuration
-- reason (unknown identifier system, unmapped code, missing destination shape), kept with its reason until the
-- configuration is fixed and reloaded (released into the outbox) or an operator releases or discards it.
CREATE TABLE held_effects (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id BIGINT NOT NULL,
  flow TEXT NOT NULL,
  destination TEXT NOT NULL,
  patient_key TEXT,
  reason TEXT NOT NULL,
  context TEXT,
  state TEXT NOT NULL,
  held_at BIGINT NOT NULL,
  closed_at BIGINT,
  closed_by TEXT,
  config_digest TEXT
);
CREATE INDEX held_effects_state ON held_effects(state, id);
CREATE INDEX held_effects_patient ON held_effects(destination, patient_key, state);

-- The configuration digest (mappings, peers, code tables, routes) that processed each journal entry.
ALTER TABLE messages ADD COLUMN config_digest TEXT;
