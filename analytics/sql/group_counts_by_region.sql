-- Groups formed and groups alive per region in a month (for maps and rankings), with filters.
SELECT
    CASE WHEN $level = 'provinsi' THEN left(k.regency_code, 2)
         WHEN $level = 'kabupaten' THEN k.regency_code ELSE '00' END AS region_code,
    count(*) AS groups,
    count(*) FILTER (WHERE km.alive) AS groups_alive
FROM kube AS k
JOIN mart_kube_month AS km ON km.kube_id = k.kube_id AND km.params_key = $params_key AND km.month = $month
WHERE ($scope::VARCHAR[] IS NULL OR list_contains($scope::VARCHAR[], left(k.regency_code, 2)))
  AND ($parent::VARCHAR IS NULL OR left(k.regency_code, 2) = $parent::VARCHAR)
  AND ($commodity::VARCHAR IS NULL OR k.commodity = $commodity::VARCHAR)
  AND ($chain::INTEGER IS NULL OR k.chain_id = $chain::INTEGER)
  AND ($facilitator::INTEGER IS NULL OR k.facilitator_id = $facilitator::INTEGER)
  AND ($cohort::INTEGER IS NULL OR year(k.formed_on) = $cohort::INTEGER)
GROUP BY 1
