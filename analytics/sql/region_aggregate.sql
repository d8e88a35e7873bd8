-- Region figures per month (nation, provinces, regencies) from active members' months, for
-- months from $from_month, optionally only one commodity, value chain, facilitator or cohort.
-- Used by the region_month model (no filters) and by filtered views on the fly.
WITH staged AS (
    SELECT mm.*, left(mm.regency_code, 2) AS province_code,
           mm.recent_pl_ratio / nullif(b.baseline_pl_ratio, 0) - 1 AS income_change
    FROM mart_member_month AS mm
    LEFT JOIN mart_member_baseline AS b
        ON b.params_key = mm.params_key AND b.member_id = mm.member_id
    WHERE mm.params_key = $params_key AND mm.month >= $from_month AND mm.active
      AND ($cohort::INTEGER IS NULL OR year(mm.month - to_months(mm.event_time)) = $cohort::INTEGER)
      AND ($commodity::VARCHAR IS NULL AND $chain::INTEGER IS NULL AND $facilitator::INTEGER IS NULL
           OR mm.kube_id IN (SELECT kube_id FROM kube
                             WHERE ($commodity::VARCHAR IS NULL OR commodity = $commodity::VARCHAR)
                               AND ($chain::INTEGER IS NULL OR chain_id = $chain::INTEGER)
                               AND ($facilitator::INTEGER IS NULL OR facilitator_id = $facilitator::INTEGER)))
      AND ($scope::VARCHAR[] IS NULL OR list_contains($scope::VARCHAR[], left(mm.regency_code, 2)))
)
SELECT
    CASE WHEN grouping(regency_code) = 0 THEN 'kabupaten'
         WHEN grouping(province_code) = 0 THEN 'provinsi' ELSE 'nasional' END AS level,
    coalesce(regency_code, province_code, '00') AS region_code,
    month,
    count(*) AS active_members,
    count(*) FILTER (WHERE reported) AS reported_members,
    count(*) FILTER (WHERE status = 0) AS insufficient,
    count(*) FILTER (WHERE status = 1) AS poor,
    count(*) FILTER (WHERE status = 2) AS vulnerable,
    count(*) FILTER (WHERE status = 3) AS steady,
    count(*) FILTER (WHERE status = 4) AS independent,
    median(pl_ratio) AS median_pl_ratio,
    count(*) FILTER (WHERE status_12m_ago = 1) AS poor_12m_ago,
    count(*) FILTER (WHERE status_12m_ago = 1 AND status IN (2, 3, 4)) AS exits_12m,
    count(*) FILTER (WHERE status_12m_ago IN (2, 3, 4)) AS not_poor_12m_ago,
    count(*) FILTER (WHERE status_12m_ago IN (2, 3, 4) AND status = 1) AS reentries_12m,
    median(income_change) AS median_income_change,
    count(*) FILTER (WHERE line_is_fallback) AS fallback_line_members
FROM staged
GROUP BY GROUPING SETS ((month), (province_code, month), (province_code, regency_code, month))
