-- What an import does after its rows. The actions a batch wrote (a file's next step, or "give them all
-- a first action"): its undo takes them back with its prospects, and they are not someone's later work
-- on those prospects unless someone changed them since.
CREATE TABLE import_actions (
    batch_id INTEGER NOT NULL,
    action_id INTEGER NOT NULL,
    prospect_id INTEGER NOT NULL
);
CREATE INDEX import_actions_batch_idx ON import_actions (batch_id);

-- What the batch of a file was given last time for files of the same shape (its set of normalised
-- headers: the same badge scanner at every show), offered again next time.
CREATE TABLE import_shapes (
    shape VARCHAR PRIMARY KEY,
    channel VARCHAR,
    campaign VARCHAR,
    owner_id INTEGER,
    saved_at TIMESTAMP NOT NULL
);
