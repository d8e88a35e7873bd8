-- Groups, alive groups and steady share by commodity in a region and month, for the groups of the
-- filters (commodity, value chain, facilitator, cohort).
SELECT k.commodity,
       count(*) AS groups,
       count(*) FILTER (WHERE km.alive) AS groups_alive,
       sum(km.registered_members) AS registered_members,
       sum(km.reporting_members) AS active_members,
       sum(km.steady_members + km.independent_members) / nullif(sum(km.reporting_members), 0) AS share_steady
FROM kube AS k
JOIN mart_kube_month AS km ON km.kube_id = k.kube_id AND km.params_key = $params_key AND km.month = $month
WHERE ($region::VARCHAR IS NULL OR k.regency_code = $region::VARCHAR OR left(k.regency_code, 2) = $region::VARCHAR)
  AND ($commodity::VARCHAR IS NULL OR k.commodity = $commodity::VARCHAR)
  AND ($chain::INTEGER IS NULL OR k.chain_id = $chain::INTEGER)
  AND ($facilitator::INTEGER IS NULL OR k.facilitator_id = $facilitator::INTEGER)
  AND ($cohort::INTEGER IS NULL OR year(k.formed_on) = $cohort::INTEGER)
GROUP BY k.commodity
ORDER BY groups DESC
