-- A trigger body holds statements ending in ';' on their own lines: Flyway's SQLite parser keeps it whole.
CREATE TRIGGER next_release_probe_touch AFTER INSERT ON next_release_probe
BEGIN
  UPDATE next_release_probe SET note = note || ';' WHERE id = NEW.id;
END;
INSERT INTO next_release_probe (id) VALUES (2);
