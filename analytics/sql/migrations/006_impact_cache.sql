-- Impact estimates are slow at national scale (tens of seconds): kept per data version,
-- policy and filters so a second view, or another session, reads them at once.
CREATE TABLE impact_cache (
    cache_key VARCHAR PRIMARY KEY,          -- hash of policy, filters, region, data version
    data_version VARCHAR NOT NULL,
    computed_at TIMESTAMP NOT NULL,
    seconds DOUBLE NOT NULL,                -- how long the estimate took
    payload VARCHAR NOT NULL                -- JSON: one event study per outcome
);
