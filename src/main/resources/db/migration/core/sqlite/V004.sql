-- Message search of the console and GET /api/messages (store.MessageSearch): newest first by (received_at, id) with
-- keyset pagination. Each searchable column gets an index (column, received_at, id), so an equality on it (plus an
-- optional time range and the page cursor) reads exactly one page of index entries, in order, with no sort.
-- patient_name: PID-5 (first repetition) upper-cased "FAMILY^GIVEN" for prefix search.
ALTER TABLE messages ADD COLUMN patient_name TEXT;
DROP INDEX messages_state;
DROP INDEX messages_type;
DROP INDEX messages_patient;
DROP INDEX messages_accession;
DROP INDEX messages_received;
CREATE INDEX messages_at ON messages(received_at, id);
CREATE INDEX messages_state_at ON messages(state, received_at, id);
CREATE INDEX messages_type_at ON messages(message_type, received_at, id);
CREATE INDEX messages_patient_at ON messages(patient_key, received_at, id);
CREATE INDEX messages_accession_at ON messages(accession, received_at, id);
CREATE INDEX messages_control_at ON messages(control_id, received_at, id);
CREATE INDEX messages_sender_at ON messages(sender, received_at, id);
CREATE INDEX messages_ack_at ON messages(ack_code, received_at, id);
CREATE INDEX messages_name_at ON messages(patient_name, received_at, id);
