-- Monthly sales by marketing channel in a region (rupiah), to $until (the latest complete
-- month, like every trend; NULL: every month).
SELECT s.month, s.channel, sum(s.value_rupiah) AS value_rupiah
FROM sales AS s JOIN kube AS k USING (kube_id)
WHERE ($region::VARCHAR IS NULL OR k.regency_code = $region::VARCHAR OR left(k.regency_code, 2) = $region::VARCHAR)
  AND ($commodity::VARCHAR IS NULL OR k.commodity = $commodity::VARCHAR)
  AND ($until::DATE IS NULL OR s.month <= $until::DATE)
  AND ($chain::INTEGER IS NULL OR k.chain_id = $chain::INTEGER)
  AND ($facilitator::INTEGER IS NULL OR k.facilitator_id = $facilitator::INTEGER)
  AND ($cohort::INTEGER IS NULL OR year(k.formed_on) = $cohort::INTEGER)
GROUP BY ALL
ORDER BY s.month, s.channel
