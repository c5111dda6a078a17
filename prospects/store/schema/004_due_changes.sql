-- Changes of a prospect's expected project date, so the dashboard can count close dates that slipped.
-- A table of its own: the history table's CHECK allows only status and stage changes, and a
-- CHECK cannot be altered in DuckDB.
CREATE SEQUENCE due_change_id_seq START 1;
CREATE TABLE due_changes (
    id BIGINT PRIMARY KEY DEFAULT nextval('due_change_id_seq'),
    prospect_id INTEGER NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    changed_by INTEGER,
    old_due DATE,
    new_due DATE
);
CREATE INDEX due_changes_prospect_idx ON due_changes (prospect_id);
