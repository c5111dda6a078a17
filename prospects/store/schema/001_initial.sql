-- The first schema of Prospects.
-- No FOREIGN KEY on purpose: DuckDB turns an UPDATE of an indexed column into a delete +
-- insert, which a foreign key pointing at the row refuses (moving a prospect to another
-- stage would fail). The repository keeps the links and the tests prove it.

CREATE SEQUENCE user_id_seq START 1;
CREATE TABLE users (
    id INTEGER PRIMARY KEY DEFAULT nextval('user_id_seq'),
    full_name VARCHAR NOT NULL,
    initials VARCHAR NOT NULL,
    email VARCHAR,
    active BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE TABLE settings (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);

CREATE SEQUENCE stage_id_seq START 1;
CREATE TABLE stages (
    id INTEGER PRIMARY KEY DEFAULT nextval('stage_id_seq'),
    name VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    probability INTEGER NOT NULL DEFAULT 0 CHECK (probability BETWEEN 0 AND 100),
    stale_after_days INTEGER NOT NULL DEFAULT 14,
    active BOOLEAN NOT NULL DEFAULT TRUE
);

-- Channels, loss reasons, civilities, sectors, client types.
CREATE SEQUENCE choice_id_seq START 1;
CREATE TABLE choices (
    id INTEGER PRIMARY KEY DEFAULT nextval('choice_id_seq'),
    kind VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE
);

-- The labels of the 20 tick boxes of the Details tab.
CREATE TABLE categories (
    position INTEGER PRIMARY KEY CHECK (position BETWEEN 1 AND 20),
    label VARCHAR
);

CREATE SEQUENCE custom_field_id_seq START 1;
CREATE TABLE custom_fields (
    id INTEGER PRIMARY KEY DEFAULT nextval('custom_field_id_seq'),
    label VARCHAR NOT NULL,
    type VARCHAR NOT NULL CHECK (type IN ('text', 'number', 'date', 'boolean')),
    position INTEGER NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE SEQUENCE prospect_id_seq START 1;
CREATE TABLE prospects (
    id INTEGER PRIMARY KEY DEFAULT nextval('prospect_id_seq'),
    civility VARCHAR,
    last_name VARCHAR,
    first_name VARCHAR,
    is_company BOOLEAN NOT NULL DEFAULT FALSE,
    company VARCHAR,
    status VARCHAR NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost')),
    stage_id INTEGER,
    project_summary VARCHAR,
    channel VARCHAR,
    direct_approach BOOLEAN NOT NULL DEFAULT FALSE,
    owner_id INTEGER,
    campaign VARCHAR,
    interest INTEGER CHECK (interest BETWEEN 0 AND 100),
    project_due DATE,
    expected_revenue DECIMAL(14, 2) CHECK (expected_revenue >= 0),
    rating INTEGER CHECK (rating BETWEEN 0 AND 5),
    project_notes VARCHAR,
    prospect_notes VARCHAR,
    closed_on DATE,
    loss_reason VARCHAR,
    address VARCHAR,
    postal_code VARCHAR,
    city VARCHAR,
    country VARCHAR,
    door_info VARCHAR,
    phone VARCHAR,
    mobile VARCHAR,
    email VARCHAR,
    birth_date DATE,
    website VARCHAR,
    external_ref VARCHAR,
    sector VARCHAR,
    client_type VARCHAR,
    job_title VARCHAR,
    categories INTEGER[] NOT NULL DEFAULT [],
    contact_id INTEGER,
    batch_id INTEGER,
    search_text VARCHAR NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    created_by INTEGER,
    updated_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    updated_by INTEGER,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE custom_values (
    prospect_id INTEGER NOT NULL,
    field_id INTEGER NOT NULL,
    value_text VARCHAR,
    value_number DOUBLE,
    value_date DATE,
    value_bool BOOLEAN,
    PRIMARY KEY (prospect_id, field_id)
);

CREATE SEQUENCE action_id_seq START 1;
CREATE TABLE actions (
    id INTEGER PRIMARY KEY DEFAULT nextval('action_id_seq'),
    prospect_id INTEGER NOT NULL,
    title VARCHAR NOT NULL,
    due_at TIMESTAMP NOT NULL,
    assignee_id INTEGER,
    done BOOLEAN NOT NULL DEFAULT FALSE,
    done_at TIMESTAMP,
    important BOOLEAN NOT NULL DEFAULT FALSE,
    notes VARCHAR,
    created_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    created_by INTEGER,
    updated_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    updated_by INTEGER,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX actions_prospect_idx ON actions (prospect_id);

CREATE SEQUENCE history_id_seq START 1;
CREATE TABLE history (
    id BIGINT PRIMARY KEY DEFAULT nextval('history_id_seq'),
    prospect_id INTEGER NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    changed_by INTEGER,
    field VARCHAR NOT NULL CHECK (field IN ('status', 'stage')),
    old_value VARCHAR,
    new_value VARCHAR
);
CREATE INDEX history_prospect_idx ON history (prospect_id);

CREATE SEQUENCE contact_id_seq START 1;
CREATE TABLE contacts (
    id INTEGER PRIMARY KEY DEFAULT nextval('contact_id_seq'),
    civility VARCHAR,
    last_name VARCHAR,
    first_name VARCHAR,
    is_company BOOLEAN NOT NULL DEFAULT FALSE,
    company VARCHAR,
    job_title VARCHAR,
    address VARCHAR,
    postal_code VARCHAR,
    city VARCHAR,
    country VARCHAR,
    phone VARCHAR,
    mobile VARCHAR,
    email VARCHAR,
    website VARCHAR,
    notes VARCHAR,
    prospect_id INTEGER,
    search_text VARCHAR NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    created_by INTEGER,
    updated_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    updated_by INTEGER,
    version INTEGER NOT NULL DEFAULT 1
);
