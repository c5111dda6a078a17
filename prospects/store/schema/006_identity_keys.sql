-- The identity keys of every prospect and contact (see prospects/identity.py), kept as columns so that
-- the import and Add to contacts look up who is the same person instead of recomputing everyone.
-- They are computed in Python only (one fold, no SQL copy): rows with keys_ready = FALSE get them the
-- next time the database is opened (Store.open), or before any duplicate lookup.
ALTER TABLE prospects ADD COLUMN email_key VARCHAR;
ALTER TABLE prospects ADD COLUMN phone_key VARCHAR;
ALTER TABLE prospects ADD COLUMN mobile_key VARCHAR;
ALTER TABLE prospects ADD COLUMN person_key VARCHAR;
ALTER TABLE prospects ADD COLUMN company_key VARCHAR;
ALTER TABLE prospects ADD COLUMN name_key VARCHAR;
ALTER TABLE prospects ADD COLUMN source_keys VARCHAR[];
ALTER TABLE prospects ADD COLUMN keys_ready BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE contacts ADD COLUMN person_key VARCHAR;
ALTER TABLE contacts ADD COLUMN company_key VARCHAR;
ALTER TABLE contacts ADD COLUMN source_keys VARCHAR[];
-- The contacts' keys of 002 followed another rule (name and company in one key): computed again.
UPDATE contacts SET keys_ready = FALSE;
