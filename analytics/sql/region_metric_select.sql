-- The region metrics computed from a CTE `staged` of region-month rows, with region names.
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
LEFT JOIN (
    SELECT province_code AS code, name FROM provinces
    UNION ALL SELECT regency_code, name FROM regencies
    UNION ALL SELECT '00', 'Indonesia'
) AS n ON n.code = s.region_code
ORDER BY s.region_code, s.month
