-- Headline counts for the overview page, in the caller's scope: the nation, or its provinces
-- and regencies (with what lies inside them); the totals are those of the scope too.
WITH in_scope AS (
    SELECT r.regency_code, r.province_code
    FROM regencies AS r
    WHERE $scope_national::BOOLEAN
       OR list_contains($scope_provinces::VARCHAR[], r.province_code)
       OR list_contains($scope_regencies::VARCHAR[], r.regency_code)
),
groups AS (
    SELECT k.kube_id, k.regency_code, s.province_code
    FROM kube AS k
    JOIN in_scope AS s USING (regency_code)
),
members_in AS (
    SELECT m.member_id
    FROM members AS m
    WHERE m.kube_id IN (SELECT kube_id FROM groups)
),
reports AS (
    SELECT i.month
    FROM member_income AS i
    WHERE $scope_national::BOOLEAN OR i.member_id IN (SELECT member_id FROM members_in)
),
coverage AS (
    SELECT
        count(*) AS groups,
        count(DISTINCT regency_code) AS regencies_covered,
        count(DISTINCT province_code) AS provinces_covered
    FROM groups
)
SELECT
    (SELECT count(*) FROM members_in) AS members,
    coverage.groups,
    (SELECT count(*) FROM facilitators AS f WHERE f.regency_code IN (SELECT regency_code FROM in_scope)) AS facilitators,
    coverage.provinces_covered,
    (SELECT count(DISTINCT province_code) FROM in_scope) AS provinces_total,
    coverage.regencies_covered,
    (SELECT count(*) FROM in_scope) AS regencies_total,
    (SELECT max(month) FROM reports) AS latest_month,
    (SELECT count(*) FROM reports) AS income_reports
FROM coverage
