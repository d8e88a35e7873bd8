-- Materialised metric marts, one set per policy-parameter set (params_key), and a log of refreshes.
CREATE TABLE mart_refresh (
    params_key VARCHAR PRIMARY KEY,
    params_json VARCHAR NOT NULL,
    refreshed_at TIMESTAMP NOT NULL,
    data_version VARCHAR NOT NULL          -- the state of the reports the marts were built from
);

CREATE TABLE mart_member_month (
    params_key VARCHAR NOT NULL,
    member_id INTEGER NOT NULL,
    month DATE NOT NULL,
    kube_id INTEGER NOT NULL,
    regency_code VARCHAR NOT NULL,
    event_time SMALLINT NOT NULL,          -- months since joining (negative: baseline)
    reported BOOLEAN NOT NULL,             -- a usable report this month (not an outlier)
    outlier BOOLEAN NOT NULL,              -- a report flagged as implausible, left out of metrics
    active BOOLEAN NOT NULL,               -- joined, not exited, a report in the activity window
    household_size SMALLINT NOT NULL,
    income BIGINT,                         -- household income, rupiah per month
    per_capita DOUBLE,
    line_per_capita BIGINT,
    line_is_fallback BOOLEAN,              -- national line used: no provincial line published yet
    pl_ratio DOUBLE,
    recent_pl_ratio DOUBLE,                -- mean pl_ratio over the poverty window
    status UTINYINT NOT NULL,              -- 0 Tidak cukup data, 1 Miskin, 2 Rentan, 3 Stabil, 4 Mandiri
    status_12m_ago UTINYINT
);

CREATE TABLE mart_member_baseline (
    params_key VARCHAR NOT NULL,
    member_id INTEGER NOT NULL,
    baseline_months SMALLINT NOT NULL,
    baseline_per_capita DOUBLE,            -- mean per-capita income before joining
    baseline_pl_ratio DOUBLE
);

CREATE TABLE mart_region_month (
    params_key VARCHAR NOT NULL,
    level VARCHAR NOT NULL,                -- 'nasional' | 'provinsi' | 'kabupaten'
    region_code VARCHAR NOT NULL,          -- '00' for the nation
    month DATE NOT NULL,
    active_members BIGINT NOT NULL,
    reported_members BIGINT NOT NULL,
    insufficient BIGINT NOT NULL,
    poor BIGINT NOT NULL,
    vulnerable BIGINT NOT NULL,
    steady BIGINT NOT NULL,
    independent BIGINT NOT NULL,
    median_pl_ratio DOUBLE,
    poor_12m_ago BIGINT NOT NULL,
    exits_12m BIGINT NOT NULL,
    not_poor_12m_ago BIGINT NOT NULL,
    reentries_12m BIGINT NOT NULL,
    median_income_change DOUBLE,           -- pl_ratio over the poverty window vs the baseline, ratio - 1
    fallback_line_members BIGINT NOT NULL
);

CREATE TABLE mart_kube_month (
    params_key VARCHAR NOT NULL,
    kube_id INTEGER NOT NULL,
    month DATE NOT NULL,
    alive BOOLEAN NOT NULL,                -- a member or business report in the activity window
    active_members INTEGER NOT NULL,
    reported_members INTEGER NOT NULL,
    steady_members INTEGER NOT NULL,
    independent_members INTEGER NOT NULL,
    poor_members INTEGER NOT NULL,
    revenue BIGINT,
    cost BIGINT,
    profit BIGINT,
    savings BIGINT,
    iks BIGINT,
    stage VARCHAR NOT NULL                 -- 'Tumbuh' | 'Berkembang' | 'Maju'
);

CREATE TABLE mart_facilitator_month (
    params_key VARCHAR NOT NULL,
    facilitator_id INTEGER NOT NULL,
    month DATE NOT NULL,
    groups INTEGER NOT NULL,
    groups_alive INTEGER NOT NULL,
    active_members INTEGER NOT NULL,
    reported_members INTEGER NOT NULL,
    steady_members INTEGER NOT NULL,
    independent_members INTEGER NOT NULL,
    poor_members INTEGER NOT NULL
);

CREATE TABLE mart_chain_month (
    params_key VARCHAR NOT NULL,
    chain_id INTEGER NOT NULL,
    stage_no INTEGER NOT NULL,
    month DATE NOT NULL,
    groups_alive INTEGER NOT NULL,
    active_members INTEGER NOT NULL,
    steady_members INTEGER NOT NULL,
    revenue BIGINT,
    sales_value BIGINT,
    order_value BIGINT
);
