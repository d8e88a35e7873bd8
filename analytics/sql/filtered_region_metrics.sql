-- Region metrics computed on the fly for a filter the marts do not hold (commodity, value chain,
-- facilitator, cohort): same figures as region_metrics, from the member-month mart. Only the
-- asked level is aggregated and only the asked region's rows are kept (region_aggregate's three
-- grouping sets, each with medians, took 3.7 s for a national trend at national scale).
WITH members AS (
    {{ fragments/region_members }}
),
located AS (
    SELECT *, CASE $level::VARCHAR WHEN 'nasional' THEN '00' WHEN 'provinsi' THEN province_code
                                   ELSE regency_code END AS region_code
    FROM members
),
staged AS (
    SELECT
        $level::VARCHAR AS level,
        region_code,
        month,
        {{ fragments/region_figures }}
    FROM located
    WHERE ($month::DATE IS NULL OR month = $month::DATE)
      AND ($region::VARCHAR IS NULL OR region_code = $region::VARCHAR)
      AND ($parent::VARCHAR IS NULL OR left(region_code, 2) = $parent::VARCHAR)
    GROUP BY region_code, month
)
{{ fragments/region_metric_select }}
