-- Groups formed and groups alive per region in a month (for maps and rankings).
SELECT
    CASE WHEN $level = 'provinsi' THEN left(k.regency_code, 2)
         WHEN $level = 'kabupaten' THEN k.regency_code ELSE '00' END AS region_code,
    count(*) AS groups,
    count(*) FILTER (WHERE km.alive) AS groups_alive
FROM kube AS k
JOIN mart_kube_month AS km ON km.kube_id = k.kube_id AND km.params_key = $params_key AND km.month = $month
WHERE ($scope::VARCHAR[] IS NULL OR list_contains($scope::VARCHAR[], left(k.regency_code, 2)))
  AND ($parent::VARCHAR IS NULL OR left(k.regency_code, 2) = $parent::VARCHAR)
GROUP BY 1
