-- Reports flagged as implausibly high (above outlier_factor x the median of the member's earlier
-- reports) in the 12 months to $month, in a region: left out of every figure until an operator
-- confirms them (`confirmed`: counted). With the amount as stored and the median it was judged
-- against (`member_median_rupiah`).
WITH flagged AS (
    SELECT mm.member_id, mm.month, mm.regency_code, mm.kube_id, mm.confirmed, mm.outlier_reference
    FROM mart_member_month AS mm
    WHERE mm.params_key = $params_key AND mm.flagged
      AND mm.month > $month::DATE - INTERVAL 12 MONTH AND mm.month <= $month
      AND ($region::VARCHAR IS NULL OR mm.regency_code = $region::VARCHAR OR left(mm.regency_code, 2) = $region::VARCHAR)
      AND ($commodity::VARCHAR IS NULL AND $chain::INTEGER IS NULL AND $facilitator::INTEGER IS NULL AND $cohort::INTEGER IS NULL
           OR mm.kube_id IN (SELECT k.kube_id FROM kube AS k WHERE ($commodity::VARCHAR IS NULL OR k.commodity = $commodity::VARCHAR)
                             AND ($chain::INTEGER IS NULL OR k.chain_id = $chain::INTEGER)
                             AND ($facilitator::INTEGER IS NULL OR k.facilitator_id = $facilitator::INTEGER)
                             AND ($cohort::INTEGER IS NULL OR year(k.formed_on) = $cohort::INTEGER)))
    ORDER BY mm.month DESC, mm.regency_code
    LIMIT 2000
),
stored AS (                        -- the latest report of each flagged member-month (as the model reads it)
    SELECT member_id, month,
           arg_max(income_rupiah, {{ fragments/latest_report_key }}) AS income_rupiah
    FROM member_income
    WHERE member_id IN (SELECT member_id FROM flagged)
    GROUP BY member_id, month
)
SELECT f.month, f.regency_code, r.name AS regency_name, f.kube_id, f.member_id, m.pseudonym,
       s.income_rupiah, f.outlier_reference AS member_median_rupiah, f.confirmed,
       c.confirmed_by, c.confirmed_at
FROM flagged AS f
JOIN members AS m USING (member_id)
JOIN regencies AS r USING (regency_code)
JOIN stored AS s USING (member_id, month)
LEFT JOIN confirmed_reports AS c
    ON c.member_id = f.member_id AND c.month = f.month AND c.income_rupiah = s.income_rupiah
ORDER BY f.month DESC, f.regency_code, m.pseudonym
