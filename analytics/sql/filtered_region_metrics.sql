-- Region metrics computed on the fly for a filter the marts do not hold (commodity, value chain,
-- facilitator, cohort): same figures as region_metrics, from the member-month mart.
WITH aggregated AS (
    {{ region_aggregate }}
),
staged AS (
    SELECT * FROM aggregated
    WHERE level = $level
      AND ($month::DATE IS NULL OR month = $month::DATE)
      AND ($region::VARCHAR IS NULL OR region_code = $region::VARCHAR)
      AND ($parent::VARCHAR IS NULL OR left(region_code, 2) = $parent::VARCHAR)
)
{{ region_metric_select }}
