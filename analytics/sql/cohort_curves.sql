-- Mean pl_ratio by months since joining, per cohort (joining year), in a region, for the groups of
-- the filters (commodity, value chain, facilitator; the cohort filter keeps that cohort's curve).
SELECT year(mm.month - to_months(mm.event_time)) AS cohort,
       mm.event_time,
       avg(mm.pl_ratio) AS mean_pl_ratio,
       count(mm.pl_ratio) AS reports
FROM mart_member_month AS mm
WHERE mm.params_key = $params_key AND mm.reported
  AND mm.event_time BETWEEN -12 AND 60
  AND ($region::VARCHAR IS NULL OR mm.regency_code = $region::VARCHAR OR left(mm.regency_code, 2) = $region::VARCHAR)
  AND ($commodity::VARCHAR IS NULL AND $chain::INTEGER IS NULL AND $facilitator::INTEGER IS NULL
       OR mm.kube_id IN (SELECT k.kube_id FROM kube AS k
                         WHERE ($commodity::VARCHAR IS NULL OR k.commodity = $commodity::VARCHAR)
                           AND ($chain::INTEGER IS NULL OR k.chain_id = $chain::INTEGER)
                           AND ($facilitator::INTEGER IS NULL OR k.facilitator_id = $facilitator::INTEGER)))
  AND ($cohort::INTEGER IS NULL OR year(mm.month - to_months(mm.event_time)) = $cohort::INTEGER)
GROUP BY ALL
HAVING count(mm.pl_ratio) >= 5
ORDER BY cohort, event_time
