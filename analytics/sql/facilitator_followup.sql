-- One facilitator's follow-up list at $month, for a field visit: groups silent for 3 months or
-- more, members slipping back (steady or independent 12 months ago, poor now) and groups whose
-- revenue fell 3 months running or more, each with the month it started.
WITH groups AS (
    SELECT k.kube_id, k.name, k.regency_code, k.formed_on
    FROM kube AS k
    WHERE k.facilitator_id = $facilitator::INTEGER AND k.formed_on <= $month::DATE
),
last_report AS (                       -- a member's income or the group's business report
    SELECT kube_id, max(month) AS month FROM (
        SELECT m.kube_id, i.month FROM member_income AS i JOIN members AS m USING (member_id)
        WHERE m.kube_id IN (SELECT kube_id FROM groups) AND i.month <= $month::DATE
        UNION ALL
        SELECT kube_id, month FROM kube_business
        WHERE kube_id IN (SELECT kube_id FROM groups) AND month <= $month::DATE
    ) GROUP BY kube_id
),
silent AS (
    SELECT 'silent' AS kind, g.kube_id, NULL::VARCHAR AS pseudonym,
           (coalesce(r.month, date_trunc('month', g.formed_on)) + INTERVAL 1 MONTH)::DATE AS since,
           date_diff('month', coalesce(r.month, date_trunc('month', g.formed_on)), $month::DATE) AS months
    FROM groups AS g LEFT JOIN last_report AS r USING (kube_id)
    WHERE date_diff('month', coalesce(r.month, date_trunc('month', g.formed_on)), $month::DATE) >= 3
),
member_months AS (
    SELECT mm.member_id, mm.kube_id, mm.month, mm.status, mm.status_12m_ago
    FROM mart_member_month AS mm
    WHERE mm.params_key = $params_key AND mm.kube_id IN (SELECT kube_id FROM groups) AND mm.month <= $month::DATE
),
slipping AS (
    SELECT now.member_id, now.kube_id
    FROM member_months AS now
    WHERE now.month = $month::DATE AND now.status = 1 AND now.status_12m_ago IN (3, 4)
),
slipped AS (                           -- the first month of the current poor spell
    SELECT 'slipping' AS kind, s.kube_id, m.pseudonym,
           (SELECT min(x.month) FROM member_months AS x
            WHERE x.member_id = s.member_id AND x.status = 1
              AND x.month > coalesce((SELECT max(y.month) FROM member_months AS y
                                      WHERE y.member_id = s.member_id AND y.status <> 1), DATE '1900-01-01')
           ) AS since,
           NULL::BIGINT AS months
    FROM slipping AS s JOIN members AS m USING (member_id)
),
revenue AS (
    SELECT kube_id, month, sum(revenue_rupiah) AS revenue
    FROM kube_business
    WHERE kube_id IN (SELECT kube_id FROM groups) AND month <= $month::DATE
    GROUP BY ALL
),
steps AS (                             -- did revenue fall against the month before (a reported month)?
    SELECT *, revenue < lag(revenue) OVER (PARTITION BY kube_id ORDER BY month)
              AND date_diff('month', lag(month) OVER (PARTITION BY kube_id ORDER BY month), month) = 1 AS fell
    FROM revenue
),
runs AS (                              -- consecutive falls ending at the latest report
    SELECT kube_id, month, fell,
           sum(CASE WHEN fell THEN 0 ELSE 1 END) OVER (PARTITION BY kube_id ORDER BY month DESC
                                                        ROWS UNBOUNDED PRECEDING) AS breaks
    FROM steps
),
falling AS (
    SELECT 'falling' AS kind, kube_id, NULL::VARCHAR AS pseudonym, min(month) AS since, count(*) AS months
    FROM runs
    WHERE breaks = 0 AND fell
      AND kube_id IN (SELECT kube_id FROM revenue GROUP BY kube_id HAVING max(month) >= ($month::DATE - INTERVAL 1 MONTH))
    GROUP BY kube_id
    HAVING count(*) >= 3
)
SELECT f.kind, f.kube_id, g.name AS group_name, r.name AS regency_name, f.pseudonym, f.since, f.months
FROM (SELECT * FROM silent UNION ALL BY NAME SELECT * FROM slipped UNION ALL BY NAME SELECT * FROM falling) AS f
JOIN groups AS g USING (kube_id)
JOIN regencies AS r ON r.regency_code = g.regency_code
ORDER BY CASE f.kind WHEN 'slipping' THEN 1 WHEN 'falling' THEN 2 ELSE 3 END, f.since, g.name, f.pseudonym
