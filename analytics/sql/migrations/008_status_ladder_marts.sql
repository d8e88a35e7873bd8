-- The status ladder of issue 14: every registered member has a row at every month end (from
-- joining, or the first baseline report, until exit or the data's latest month); shares are
-- over reporting members, with registered, not-reporting and silent-group counts beside them.
-- Marts hold derived data only: they are recreated here and rebuilt by the next refresh.
DROP TABLE mart_member_month;
DROP TABLE mart_region_month;
DROP TABLE mart_kube_month;
DROP TABLE mart_facilitator_month;
DROP TABLE mart_chain_month;
DELETE FROM mart_member_baseline;
DELETE FROM mart_distribution_year;
DELETE FROM mart_refresh;
DELETE FROM impact_cache;                  -- estimates read the member-month mart

ALTER TABLE mart_refresh ADD COLUMN data_start DATE;   -- first and latest month of the reports
ALTER TABLE mart_refresh ADD COLUMN data_end DATE;     -- the marts were built for

CREATE TABLE mart_member_month (
    params_key VARCHAR NOT NULL,
    member_id INTEGER NOT NULL,
    month DATE NOT NULL,
    kube_id INTEGER NOT NULL,
    regency_code VARCHAR NOT NULL,
    event_time SMALLINT NOT NULL,          -- months since joining (negative: baseline)
    registered BOOLEAN NOT NULL,           -- joined, not exited at this month end (event_time >= 0)
    has_report BOOLEAN NOT NULL,           -- a report for this month was received (even if left out)
    reported BOOLEAN NOT NULL,             -- a usable report: received, not a flagged outlier
    flagged BOOLEAN NOT NULL,              -- implausibly high against the member's earlier reports
    confirmed BOOLEAN NOT NULL,            -- flagged, and confirmed by an operator: counted
    outlier BOOLEAN NOT NULL,              -- flagged and not confirmed: left out of every figure
    outlier_reference DOUBLE,              -- for flagged reports: the median it was judged against
    reporting BOOLEAN NOT NULL,            -- registered with a status other than Tidak cukup data
    was_reporting BOOLEAN NOT NULL,        -- registered now and reporting at the end of the month before
    household_size SMALLINT NOT NULL,
    income BIGINT,                         -- household income, rupiah per month (usable reports)
    per_capita DOUBLE,
    line_per_capita BIGINT,
    line_is_fallback BOOLEAN,              -- national line used: no provincial line published yet
    pl_ratio DOUBLE,
    poverty_reports UTINYINT NOT NULL,     -- usable reports in the poverty window
    recent_pl_ratio DOUBLE,                -- the poverty mean: last reports within the poverty window
    income_change DOUBLE,                  -- reporting: recent_pl_ratio / baseline pl_ratio - 1
    status UTINYINT NOT NULL,              -- 0 Tidak cukup data, 1 Miskin, 2 Rentan, 3 Stabil, 4 Mandiri
    status_12m_ago UTINYINT                -- the status 12 months earlier (NULL: no row then)
);

CREATE TABLE mart_region_month (
    params_key VARCHAR NOT NULL,
    level VARCHAR NOT NULL,                -- 'nasional' | 'provinsi' | 'kabupaten'
    region_code VARCHAR NOT NULL,          -- '00' for the nation
    month DATE NOT NULL,
    registered_members BIGINT NOT NULL,    -- joined, not exited
    reporting_members BIGINT NOT NULL,     -- registered with a status other than Tidak cukup data
    reported_members BIGINT NOT NULL,      -- registered with a report received this month
    expected_members BIGINT NOT NULL,      -- registered and reporting at the end of the month before
    members_in_silent_groups BIGINT NOT NULL,  -- registered, in a group with no report in alive_window months
    outlier_reports BIGINT NOT NULL,       -- reports of the month left out as unconfirmed outliers
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
    median_income_change DOUBLE,           -- poverty mean vs the baseline pl_ratio, ratio - 1
    fallback_line_members BIGINT NOT NULL
);

CREATE TABLE mart_kube_month (
    params_key VARCHAR NOT NULL,
    kube_id INTEGER NOT NULL,
    month DATE NOT NULL,
    alive BOOLEAN NOT NULL,                -- a member or business report in the last alive_window months
    registered_members INTEGER NOT NULL,
    reporting_members INTEGER NOT NULL,
    reported_members INTEGER NOT NULL,
    steady_members INTEGER NOT NULL,       -- Stabil (Mandiri not included)
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
    registered_members INTEGER NOT NULL,
    reporting_members INTEGER NOT NULL,
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
    registered_members INTEGER NOT NULL,
    reporting_members INTEGER NOT NULL,
    steady_members INTEGER NOT NULL,       -- Stabil or Mandiri
    revenue BIGINT,
    sales_value BIGINT,
    order_value BIGINT
);
