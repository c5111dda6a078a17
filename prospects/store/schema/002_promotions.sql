-- Promotions between prospects and the main contacts (who, when, which contact), and the
-- normalised identity of each contact, so that duplicates are found by SQL, not in Python.

CREATE SEQUENCE promotion_id_seq START 1;
CREATE TABLE promotions (
    id INTEGER PRIMARY KEY DEFAULT nextval('promotion_id_seq'),
    prospect_id INTEGER NOT NULL,
    contact_id INTEGER NOT NULL,
    -- to_contacts: "Add to contacts"; from_contacts: "Import a contact"
    direction VARCHAR NOT NULL CHECK (direction IN ('to_contacts', 'from_contacts')),
    promoted_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    promoted_by INTEGER
);
CREATE INDEX promotions_prospect ON promotions (prospect_id);

-- Filled by the repository from Python (accents, legal suffixes, phone numbers); NULL keys_ready = to compute.
ALTER TABLE contacts ADD COLUMN email_key VARCHAR;
ALTER TABLE contacts ADD COLUMN phone_key VARCHAR;
ALTER TABLE contacts ADD COLUMN mobile_key VARCHAR;
ALTER TABLE contacts ADD COLUMN name_key VARCHAR;
ALTER TABLE contacts ADD COLUMN keys_ready BOOLEAN NOT NULL DEFAULT FALSE;
