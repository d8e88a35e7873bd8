-- Cells for the impact estimator: one row per (group, joining month, calendar month) with the
-- number of member reports and the sums of each outcome. A weighted regression on these cells
-- gives exactly the member-level estimates when regressors are constant within a cell
-- (group and month fixed effects, event-time dummies), so nothing is approximated.
WITH staged AS (
    SELECT mm.kube_id, mm.month, mm.event_time,
           date_trunc('month', mm.month - to_months(mm.event_time))::DATE AS joined_month,
           mm.per_capita, mm.pl_ratio
    FROM mart_member_month AS mm
    WHERE mm.params_key = $params_key AND mm.reported AND mm.pl_ratio IS NOT NULL
      AND mm.event_time <= $max_lag          -- all baseline months feed the first stage
      AND ($cohort::INTEGER IS NULL OR year(mm.month - to_months(mm.event_time)) = $cohort::INTEGER)
      AND ($scope::VARCHAR[] IS NULL OR list_contains($scope::VARCHAR[], left(mm.regency_code, 2)))
      AND ($region::VARCHAR IS NULL OR mm.regency_code = $region::VARCHAR
           OR left(mm.regency_code, 2) = $region::VARCHAR)
)
SELECT s.kube_id,
       (year(s.joined_month) * 12 + month(s.joined_month) - 1)::INTEGER AS joined_month,  -- month numbers:
       (year(s.month) * 12 + month(s.month) - 1)::INTEGER AS month,                      -- compact, exact
       s.event_time::INTEGER AS event_time,
       left(k.regency_code, 2) AS province_code, k.commodity,
       k.chain_id IS NOT NULL AS in_chain, k.facilitator_id,
       count(*)::DOUBLE AS reports,
       sum(s.per_capita) AS per_capita_sum,
       sum(s.pl_ratio) AS pl_ratio_sum,
       count(*) FILTER (WHERE s.pl_ratio >= 1)::DOUBLE AS above_line_sum
FROM staged AS s
JOIN kube AS k USING (kube_id)
WHERE ($commodity::VARCHAR IS NULL OR k.commodity = $commodity::VARCHAR)
  AND ($chain::INTEGER IS NULL OR k.chain_id = $chain::INTEGER)
  AND ($facilitator::INTEGER IS NULL OR k.facilitator_id = $facilitator::INTEGER)
GROUP BY ALL
ORDER BY s.kube_id, 2, 3
