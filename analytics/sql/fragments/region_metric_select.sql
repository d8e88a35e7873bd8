-- The region metrics computed from a CTE `staged` of region-month rows, with region names (a
-- fragment). Shares of statuses are over reporting members (`active_members` is their count,
-- the name the pages read); beside them the registered members not reporting and those in
-- silent groups, over registered members. Months after $latest_complete are provisional: a
-- trend (no $month) leaves them out unless $include_provisional.
SELECT
    s.region_code,
    n.name,
    s.month,
    s.registered_members,
    s.reporting_members,
    s.reporting_members AS active_members,
    s.registered_members - s.reporting_members AS not_reporting_members,
    (s.registered_members - s.reporting_members) / nullif(s.registered_members, 0) AS share_not_reporting,
    s.members_in_silent_groups,
    s.members_in_silent_groups / nullif(s.registered_members, 0) AS share_in_silent_groups,
    s.reported_members,
    s.expected_members,
    s.reported_members / nullif(s.registered_members, 0) AS completeness,
    s.reported_members / nullif(s.expected_members, 0) AS month_completeness,
    s.month > $latest_complete::DATE AS provisional,
    (s.steady + s.independent) / nullif(s.reporting_members, 0) AS share_steady,
    s.independent / nullif(s.reporting_members, 0) AS share_independent,
    s.vulnerable / nullif(s.reporting_members, 0) AS share_vulnerable,
    s.poor / nullif(s.reporting_members, 0) AS share_poor,
    s.insufficient / nullif(s.registered_members, 0) AS share_insufficient,
    s.median_pl_ratio,
    s.exits_12m,
    s.exits_12m / nullif(s.poor_12m_ago, 0) AS exit_rate_12m,
    s.reentries_12m,
    s.reentries_12m / nullif(s.not_poor_12m_ago, 0) AS reentry_rate_12m,
    s.median_income_change,
    s.median_income,
    s.median_per_capita,
    s.median_line_per_capita,
    s.income_reports,
    s.fallback_line_members,
    s.outlier_reports,
    s.insufficient, s.poor, s.vulnerable, s.steady, s.independent
FROM staged AS s
LEFT JOIN (
    SELECT province_code AS code, name FROM provinces
    UNION ALL SELECT regency_code, name FROM regencies
    UNION ALL SELECT '00', 'Indonesia'
) AS n ON n.code = s.region_code
WHERE $month::DATE IS NOT NULL OR $include_provisional::BOOLEAN OR $latest_complete::DATE IS NULL
   OR s.month <= $latest_complete::DATE
ORDER BY s.region_code, s.month
