-- Synthetic data only: the programme effect the demo generator planted, by months since
-- joining, so that impact estimates can be checked against the truth.
CREATE TABLE planted_effect (
    event_time INTEGER PRIMARY KEY,         -- months since joining (0 = joining month)
    members BIGINT NOT NULL,                -- member-months observed at that event time
    effect_log DOUBLE NOT NULL,             -- mean planted effect on log income
    effect_rupiah_per_capita DOUBLE NOT NULL,
    effect_pl_ratio DOUBLE NOT NULL
);
