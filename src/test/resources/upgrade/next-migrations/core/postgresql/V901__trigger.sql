-- A dollar-quoted function body holds statements ending in ';' on their own lines: Flyway's PostgreSQL parser keeps it whole.
CREATE FUNCTION next_release_probe_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE next_release_probe SET note = note || ';' WHERE id = NEW.id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER next_release_probe_touch AFTER INSERT ON next_release_probe FOR EACH ROW EXECUTE FUNCTION next_release_probe_touch();
INSERT INTO next_release_probe (id) VALUES (2);
