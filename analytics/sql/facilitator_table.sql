-- Facilitators in a month, with their progress over the last 12 months, within scope, optionally
-- only those working in a region ($region: a province or regency code) or one facilitator.
-- Shares are over reporting members (`active_members`); completeness = registered members with
-- a report this month / registered members.
WITH now AS (
    SELECT * FROM mart_facilitator_month WHERE params_key = $params_key AND month = $month
),
before AS (
    SELECT * FROM mart_facilitator_month
    WHERE params_key = $params_key AND month = ($month::DATE - INTERVAL 12 MONTH)::DATE
)
SELECT
    f.facilitator_id, f.name, f.regency_code, r.name AS regency_name,
    now.groups, now.groups_alive, now.registered_members, now.reporting_members,
    now.reporting_members AS active_members,
    now.registered_members - now.reporting_members AS not_reporting_members,
    now.reported_members / nullif(now.registered_members, 0) AS completeness,
    (now.steady_members + now.independent_members) / nullif(now.reporting_members, 0) AS share_steady,
    now.poor_members / nullif(now.reporting_members, 0) AS share_poor,
    (before.steady_members + before.independent_members) / nullif(before.reporting_members, 0) AS share_steady_12m_ago
FROM now
JOIN facilitators AS f USING (facilitator_id)
JOIN regencies AS r ON r.regency_code = f.regency_code
LEFT JOIN before USING (facilitator_id)
WHERE ($scope::VARCHAR[] IS NULL OR list_contains($scope::VARCHAR[], left(f.regency_code, 2)))
  AND ($region::VARCHAR IS NULL OR f.regency_code = $region::VARCHAR OR left(f.regency_code, 2) = $region::VARCHAR)
  AND ($facilitator::INTEGER IS NULL OR f.facilitator_id = $facilitator::INTEGER)
ORDER BY share_steady NULLS LAST
