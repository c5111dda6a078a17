-- Sign-in, roles and the audit log (issue 16).
-- Existing users become managers: until someone sets a password, the app behaves as before.
ALTER TABLE users ADD COLUMN password_hash VARCHAR;
ALTER TABLE users ADD COLUMN role VARCHAR NOT NULL DEFAULT 'manager';

-- One row per signed-in browser: only a hash of its cookie's random token is kept, so reading
-- this table does not let anyone sign in.
CREATE TABLE sessions (
    token_hash VARCHAR PRIMARY KEY,
    user_id INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

-- Who did what, when, from where. The app only ever appends to it.
CREATE SEQUENCE audit_id_seq START 1;
CREATE TABLE audit_log (
    id BIGINT PRIMARY KEY DEFAULT nextval('audit_id_seq'),
    happened_at TIMESTAMP NOT NULL,
    user_id INTEGER,
    actor VARCHAR NOT NULL,
    event VARCHAR NOT NULL,
    detail VARCHAR,
    address VARCHAR
);
CREATE INDEX audit_log_event_at ON audit_log (event, happened_at);
