-- Registered members' months for region figures on the fly (filtered_region_metrics), from
-- $from_month, optionally only one commodity, value chain, facilitator or cohort. Each row says
-- whether the member's group is silent (no member or business report in the last
-- alive_window months): its members keep their own status and are counted apart.
SELECT mm.*, left(mm.regency_code, 2) AS province_code,
       NOT coalesce(km.alive, false) AS in_silent_group
FROM mart_member_month AS mm
LEFT JOIN mart_kube_month AS km
    ON km.params_key = mm.params_key AND km.kube_id = mm.kube_id AND km.month = mm.month
WHERE mm.params_key = $params_key AND mm.month >= $from_month AND mm.registered
  AND ($cohort::INTEGER IS NULL OR year(mm.month - to_months(mm.event_time)) = $cohort::INTEGER)
  AND ($commodity::VARCHAR IS NULL AND $chain::INTEGER IS NULL AND $facilitator::INTEGER IS NULL
       OR mm.kube_id IN (SELECT kube_id FROM kube
                         WHERE ($commodity::VARCHAR IS NULL OR commodity = $commodity::VARCHAR)
                           AND ($chain::INTEGER IS NULL OR chain_id = $chain::INTEGER)
                           AND ($facilitator::INTEGER IS NULL OR facilitator_id = $facilitator::INTEGER)))
  AND ($scope::VARCHAR[] IS NULL OR list_contains($scope::VARCHAR[], left(mm.regency_code, 2)))
