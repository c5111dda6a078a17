-- Import batches, what each one changed (so a batch can be undone), and the column mappings
-- saved per header signature (a badge scanner exports the same columns at every show).
CREATE SEQUENCE import_batch_id_seq START 1;
CREATE TABLE import_batches (
    id INTEGER PRIMARY KEY DEFAULT nextval('import_batch_id_seq'),
    file_name VARCHAR NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    imported_by INTEGER,
    channel VARCHAR,
    campaign VARCHAR,
    created INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0,
    undone_at TIMESTAMP,
    undone_by INTEGER
);

-- One row per prospect a batch created (field IS NULL) or per field it filled (old -> new, as JSON).
CREATE TABLE import_changes (
    batch_id INTEGER NOT NULL,
    prospect_id INTEGER NOT NULL,
    field VARCHAR,
    old_value VARCHAR,
    new_value VARCHAR
);
CREATE INDEX import_changes_batch_idx ON import_changes (batch_id);

CREATE TABLE import_mappings (
    signature VARCHAR PRIMARY KEY,
    headers VARCHAR NOT NULL,
    mapping VARCHAR NOT NULL,
    translations VARCHAR NOT NULL DEFAULT '{}',
    saved_at TIMESTAMP NOT NULL
);
