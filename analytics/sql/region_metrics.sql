-- Every region-level metric for a level, optionally one month, one region, or the children of
-- one province, within the caller's scope (a list of province codes, NULL = all).
WITH staged AS (
    SELECT rm.*
    FROM mart_region_month AS rm
    WHERE rm.params_key = $params_key
      AND rm.level = $level
      AND ($month::DATE IS NULL OR rm.month = $month::DATE)
      AND ($region::VARCHAR IS NULL OR rm.region_code = $region::VARCHAR)
      AND ($parent::VARCHAR IS NULL OR left(rm.region_code, 2) = $parent::VARCHAR)
      AND ($scope::VARCHAR[] IS NULL OR rm.level = 'nasional'
           OR list_contains($scope::VARCHAR[], left(rm.region_code, 2)))
),
named AS (
    SELECT code, name FROM (
        SELECT province_code AS code, name FROM provinces
        UNION ALL SELECT regency_code, name FROM regencies
        UNION ALL SELECT '00', 'Indonesia'
    )
)
SELECT
    s.region_code,
    n.name,
    s.month,
    s.active_members,
    s.reported_members / nullif(s.active_members, 0) AS completeness,
    (s.steady + s.independent) / nullif(s.active_members, 0) AS share_steady,
    s.independent / nullif(s.active_members, 0) AS share_independent,
    s.vulnerable / nullif(s.active_members, 0) AS share_vulnerable,
    s.poor / nullif(s.active_members, 0) AS share_poor,
    s.insufficient / nullif(s.active_members, 0) AS share_insufficient,
    s.median_pl_ratio,
    s.exits_12m,
    s.exits_12m / nullif(s.poor_12m_ago, 0) AS exit_rate_12m,
    s.reentries_12m,
    s.reentries_12m / nullif(s.not_poor_12m_ago, 0) AS reentry_rate_12m,
    s.median_income_change,
    s.fallback_line_members,
    s.insufficient, s.poor, s.vulnerable, s.steady, s.independent
FROM staged AS s
LEFT JOIN named AS n ON n.code = s.region_code
ORDER BY s.region_code, s.month
