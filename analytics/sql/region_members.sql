-- Active members' months for region figures, from $from_month, optionally only one commodity,
-- value chain, facilitator or cohort (a fragment: region_aggregate, filtered_region_metrics).
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
