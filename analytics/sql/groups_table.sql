-- Groups in a month with stage, survival and member progress, filtered by region and attributes and
-- optionally a search (the group's code, or part of its name), a page of $page_size from $page_offset;
-- `groups_total` counts every group the selection holds. Shares are over the group's reporting
-- members (`active_members`).
SELECT
    k.kube_id, k.name, k.regency_code, r.name AS regency_name, k.commodity, k.formed_on,
    vc.name AS chain_name, k.stage_no, f.name AS facilitator_name,
    km.alive, km.stage, km.registered_members, km.reporting_members AS active_members, km.reported_members,
    (km.steady_members + km.independent_members) / nullif(km.reporting_members, 0) AS share_steady,
    km.poor_members / nullif(km.reporting_members, 0) AS share_poor,
    km.revenue, km.profit, km.savings, km.iks,
    count(*) OVER () AS groups_total
FROM kube AS k
JOIN regencies AS r USING (regency_code)
LEFT JOIN value_chains AS vc USING (chain_id)
LEFT JOIN facilitators AS f USING (facilitator_id)
LEFT JOIN mart_kube_month AS km
    ON km.kube_id = k.kube_id AND km.params_key = $params_key AND km.month = $month
WHERE ($region::VARCHAR IS NULL OR k.regency_code = $region::VARCHAR OR left(k.regency_code, 2) = $region::VARCHAR)
  AND ($commodity::VARCHAR IS NULL OR k.commodity = $commodity::VARCHAR)
  AND ($chain::INTEGER IS NULL OR k.chain_id = $chain::INTEGER)
  AND ($facilitator::INTEGER IS NULL OR k.facilitator_id = $facilitator::INTEGER)
  AND ($cohort::INTEGER IS NULL OR year(k.formed_on) = $cohort::INTEGER)
  AND ($search::VARCHAR IS NULL OR CAST(k.kube_id AS VARCHAR) = $search::VARCHAR
       OR contains(lower(k.name), lower($search::VARCHAR)))
  AND ($alive_only::BOOLEAN IS NOT TRUE OR km.alive)
ORDER BY km.alive DESC NULLS LAST, share_steady DESC NULLS LAST, k.kube_id
LIMIT coalesce($page_size::INTEGER, 200) OFFSET coalesce($page_offset::INTEGER, 0)
