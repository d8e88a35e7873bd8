-- Initial schema: reference tables, programme entities, reports, batches and audit.
CREATE TABLE meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE provinces (
    province_code VARCHAR PRIMARY KEY,      -- Kemendagri, e.g. '72'
    name VARCHAR NOT NULL,
    area_km2 DOUBLE,
    population BIGINT,
    source VARCHAR NOT NULL
);

CREATE TABLE regencies (
    regency_code VARCHAR PRIMARY KEY,       -- Kemendagri, e.g. '72.01'
    province_code VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,                  -- 'kabupaten' | 'kota'
    area_km2 DOUBLE,
    population BIGINT,
    source VARCHAR NOT NULL
);

CREATE TABLE poverty_lines (
    province_code VARCHAR NOT NULL,         -- '00' = national
    period DATE NOT NULL,                   -- first day of the survey month (March / September)
    line_per_capita BIGINT NOT NULL,        -- rupiah per capita per month
    household_size DOUBLE,                  -- mean size of a poor household, where published
    source VARCHAR NOT NULL,
    notes VARCHAR,
    PRIMARY KEY (province_code, period)
);

CREATE TABLE minimum_wages (
    province_code VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    ump_rupiah BIGINT NOT NULL,             -- rupiah per month
    source VARCHAR NOT NULL,
    notes VARCHAR,
    PRIMARY KEY (province_code, year)
);

CREATE TABLE import_batches (
    batch_id INTEGER PRIMARY KEY,
    kind VARCHAR NOT NULL,                  -- 'demo', 'income', 'members', ...
    file_name VARCHAR,
    content_hash VARCHAR,
    row_count BIGINT,
    imported_at TIMESTAMP NOT NULL,
    note VARCHAR
);

CREATE TABLE audit_log (
    audit_id BIGINT PRIMARY KEY,
    logged_at TIMESTAMP NOT NULL,
    batch_id INTEGER,
    action VARCHAR NOT NULL,                -- 'insert' | 'replace' | 'delete'
    table_name VARCHAR NOT NULL,
    row_key VARCHAR NOT NULL,
    old_value VARCHAR,                      -- JSON
    new_value VARCHAR                       -- JSON
);

CREATE TABLE facilitators (
    facilitator_id INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    regency_code VARCHAR NOT NULL,
    started_on DATE
);

CREATE TABLE value_chains (
    chain_id INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    commodity VARCHAR NOT NULL,
    regency_code VARCHAR NOT NULL,
    description VARCHAR
);

CREATE TABLE value_chain_stages (
    chain_id INTEGER NOT NULL,
    stage_no INTEGER NOT NULL,              -- 1 = most upstream (hulu)
    name VARCHAR NOT NULL,
    product VARCHAR NOT NULL,
    position VARCHAR NOT NULL,              -- 'hulu' | 'tengah' | 'hilir'
    PRIMARY KEY (chain_id, stage_no)
);

CREATE TABLE kube (
    kube_id INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    regency_code VARCHAR NOT NULL,
    formed_on DATE NOT NULL,
    commodity VARCHAR NOT NULL,
    business_type VARCHAR NOT NULL,
    chain_id INTEGER,
    stage_no INTEGER,
    facilitator_id INTEGER,
    grant_rupiah BIGINT
);

CREATE TABLE members (
    member_id INTEGER PRIMARY KEY,
    pseudonym VARCHAR NOT NULL,             -- shown to users; never derived from the NIK
    kube_id INTEGER NOT NULL,
    joined_on DATE NOT NULL,
    exited_on DATE,
    household_size SMALLINT NOT NULL,
    head_sex VARCHAR,                       -- 'L' | 'P'
    nik_hash VARCHAR,                       -- keyed hash (HMAC) of the NIK; the NIK is never stored
    nik_masked VARCHAR                      -- e.g. '7201********0003'
);

-- No primary key: duplicate reports are kept as received and resolved by the staging model
-- (latest report wins); a 70-million-row index would also cost more than it gives.
CREATE TABLE member_income (
    member_id INTEGER NOT NULL,
    month DATE NOT NULL,                    -- first day of the month reported
    income_rupiah BIGINT NOT NULL,          -- household income that month
    reported_on DATE,
    batch_id INTEGER
);

CREATE TABLE kube_business (
    kube_id INTEGER NOT NULL,
    month DATE NOT NULL,
    revenue_rupiah BIGINT NOT NULL,
    cost_rupiah BIGINT NOT NULL,
    savings_rupiah BIGINT NOT NULL,         -- group savings (tabungan) added that month
    iks_rupiah BIGINT NOT NULL,             -- Iuran Kesetiakawanan Sosial paid that month
    batch_id INTEGER
);

CREATE TABLE offtakers (
    offtaker_id INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,                  -- 'exporter', 'manufacturer', 'retailer', ...
    regency_code VARCHAR,
    product VARCHAR NOT NULL,
    chain_id INTEGER
);

CREATE TABLE orders (
    offtaker_id INTEGER NOT NULL,
    month DATE NOT NULL,
    product VARCHAR NOT NULL,
    quantity DOUBLE NOT NULL,
    unit VARCHAR NOT NULL,
    value_rupiah BIGINT NOT NULL,
    batch_id INTEGER
);

CREATE TABLE sales (
    kube_id INTEGER NOT NULL,
    month DATE NOT NULL,
    channel VARCHAR NOT NULL,               -- see analytics.demo.catalogue.CHANNELS
    product VARCHAR NOT NULL,
    quantity DOUBLE NOT NULL,
    unit VARCHAR NOT NULL,
    value_rupiah BIGINT NOT NULL,
    offtaker_id INTEGER,
    batch_id INTEGER
);
