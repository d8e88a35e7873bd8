-- Groups with no member income or business report for 3 months or more before $month
-- (groups that never reported are listed too), in a region, newest silence first.
WITH last_income AS (
    SELECT m.kube_id, max(i.month) AS last_month
    FROM member_income AS i JOIN members AS m USING (member_id)
    WHERE i.month <= $month
    GROUP BY m.kube_id
),
last_business AS (
    SELECT kube_id, max(month) AS last_month FROM kube_business WHERE month <= $month GROUP BY kube_id
),
staged AS (
    SELECT k.kube_id, k.name, k.regency_code, r.name AS regency_name, f.name AS facilitator_name, k.formed_on,
           greatest(li.last_month, lb.last_month) AS last_report
    FROM kube AS k
    JOIN regencies AS r USING (regency_code)
    LEFT JOIN facilitators AS f USING (facilitator_id)
    LEFT JOIN last_income AS li USING (kube_id)
    LEFT JOIN last_business AS lb USING (kube_id)
    WHERE k.formed_on <= $month
      AND ($region::VARCHAR IS NULL OR k.regency_code = $region::VARCHAR OR left(k.regency_code, 2) = $region::VARCHAR)
      AND ($facilitator::INTEGER IS NULL OR k.facilitator_id = $facilitator::INTEGER)
      AND ($commodity::VARCHAR IS NULL OR k.commodity = $commodity::VARCHAR)
      AND ($chain::INTEGER IS NULL OR k.chain_id = $chain::INTEGER)
      AND ($cohort::INTEGER IS NULL OR year(k.formed_on) = $cohort::INTEGER)
)
SELECT *, date_diff('month', coalesce(last_report, date_trunc('month', formed_on)), $month::DATE) AS months_silent
FROM staged
WHERE date_diff('month', coalesce(last_report, date_trunc('month', formed_on)), $month::DATE) >= 3
ORDER BY months_silent, regency_code, kube_id
LIMIT 5000
