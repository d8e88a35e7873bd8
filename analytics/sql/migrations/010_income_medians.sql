-- Rupiah where officials look (issue 17): the median household and per-capita income of the
-- month's usable reports and the median poverty line they are judged against, per region.
-- Marts hold derived data only: the region figures are rebuilt by the next refresh.
ALTER TABLE mart_region_month ADD COLUMN median_income DOUBLE;            -- rupiah per household per month
ALTER TABLE mart_region_month ADD COLUMN median_per_capita DOUBLE;        -- rupiah per person per month
ALTER TABLE mart_region_month ADD COLUMN median_line_per_capita DOUBLE;   -- rupiah per person per month
ALTER TABLE mart_region_month ADD COLUMN income_reports BIGINT;           -- usable reports the medians are over
DELETE FROM mart_region_month;
DELETE FROM mart_refresh;
