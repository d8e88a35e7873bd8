-- National headline counts for the overview page.
WITH groups AS (
    SELECT k.kube_id, k.regency_code, r.province_code
    FROM kube AS k
    JOIN regencies AS r USING (regency_code)
),
coverage AS (
    SELECT
        count(*) AS groups,
        count(DISTINCT regency_code) AS regencies_covered,
        count(DISTINCT province_code) AS provinces_covered
    FROM groups
)
SELECT
    (SELECT count(*) FROM members) AS members,
    coverage.groups,
    (SELECT count(*) FROM facilitators) AS facilitators,
    coverage.provinces_covered,
    (SELECT count(*) FROM provinces) AS provinces_total,
    coverage.regencies_covered,
    (SELECT count(*) FROM regencies) AS regencies_total,
    (SELECT max(month) FROM member_income) AS latest_month,
    (SELECT count(*) FROM member_income) AS income_reports
FROM coverage
