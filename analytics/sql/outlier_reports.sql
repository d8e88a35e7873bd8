-- Reports flagged as implausible (far from the member's own median; left out of the metrics)
-- in the 12 months to $month, in a region, with the amount as reported.
WITH flagged AS (
    SELECT mm.member_id, mm.month, mm.regency_code, mm.kube_id
    FROM mart_member_month AS mm
    WHERE mm.params_key = $params_key AND mm.outlier
      AND mm.month > $month::DATE - INTERVAL 12 MONTH AND mm.month <= $month
      AND ($region::VARCHAR IS NULL OR mm.regency_code = $region::VARCHAR OR left(mm.regency_code, 2) = $region::VARCHAR)
)
SELECT f.month, f.regency_code, r.name AS regency_name, f.kube_id, m.pseudonym,
       arg_max(i.income_rupiah, i.reported_on) AS income_rupiah,
       (SELECT median(x.income_rupiah) FROM member_income AS x WHERE x.member_id = f.member_id) AS member_median_rupiah
FROM flagged AS f
JOIN members AS m USING (member_id)
JOIN regencies AS r USING (regency_code)
JOIN member_income AS i ON i.member_id = f.member_id AND i.month = f.month
GROUP BY ALL
ORDER BY f.month DESC, f.regency_code
LIMIT 2000
