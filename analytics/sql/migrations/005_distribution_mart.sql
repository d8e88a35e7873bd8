-- pl_ratio distribution per region and year (bins of 0.1, the last bin 4.0 and above).
CREATE TABLE mart_distribution_year (
    params_key VARCHAR NOT NULL,
    level VARCHAR NOT NULL,
    region_code VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    bin_start DOUBLE NOT NULL,
    reports BIGINT NOT NULL
);
