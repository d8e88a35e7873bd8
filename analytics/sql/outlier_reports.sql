-- Reports flagged as implausible (far from the member's own median; left out of the metrics)
-- in the 12 months to $month, in a region, with the amount as reported and the member's median.
WITH flagged AS (
    SELECT mm.member_id, mm.month, mm.regency_code, mm.kube_id
    FROM mart_member_month AS mm
    WHERE mm.params_key = $params_key AND mm.outlier
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
reports AS (
    SELECT member_id, month, income_rupiah, reported_on
    FROM member_income
    WHERE member_id IN (SELECT member_id FROM flagged)
),
medians AS (
    SELECT member_id, median(income_rupiah) AS member_median_rupiah FROM reports GROUP BY member_id
)
SELECT f.month, f.regency_code, r.name AS regency_name, f.kube_id, m.pseudonym,
       (SELECT arg_max(x.income_rupiah, x.reported_on) FROM reports AS x
        WHERE x.member_id = f.member_id AND x.month = f.month) AS income_rupiah,
       md.member_median_rupiah
FROM flagged AS f
JOIN members AS m USING (member_id)
JOIN regencies AS r USING (regency_code)
JOIN medians AS md USING (member_id)
ORDER BY f.month DESC, f.regency_code
