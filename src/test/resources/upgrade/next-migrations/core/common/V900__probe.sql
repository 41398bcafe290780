-- A "next release" migration for SchemaTakeoverTest (not shipped): a literal holding a semicolon and comment marks
-- stays one statement.
CREATE TABLE next_release_probe (
  id INTEGER PRIMARY KEY,
  note TEXT NOT NULL DEFAULT 'a;b -- not a comment /* nor this */'
);
INSERT INTO next_release_probe (id) VALUES (1);
