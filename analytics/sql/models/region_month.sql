-- The nation, provinces and regencies per month (no filters), for months from $from_month, for
-- the provinces in refresh_provinces (the nation always). Counts are summed up from regencies;
-- medians are taken at each level from the members' months; members in silent groups come
-- from the group mart. Same figures as filtered_region_metrics with a filter every member passes.
-- mart: mart_region_month
-- grain: params_key, level, region_code, month
-- refresh: params_key = $params_key AND month >= $from_month AND (level = 'nasional' OR left(region_code, 2) IN (SELECT province_code FROM refresh_provinces))
-- chunks: month
WITH staged AS NOT MATERIALIZED (  -- read once per use: materialising it cost more than the scans
    SELECT * FROM mart_member_month
    WHERE params_key = $params_key AND month >= $from_month AND registered
      AND month BETWEEN $month_lo AND $month_hi
),
int_counts AS (
    SELECT regency_code, month, {{ fragments/region_counts }}
    FROM staged
    GROUP BY regency_code, month
),
int_silent AS (
    SELECT k.regency_code, km.month,
           sum(km.registered_members) FILTER (WHERE NOT km.alive) AS members_in_silent_groups
    FROM mart_kube_month AS km
    JOIN kube AS k USING (kube_id)
    WHERE km.params_key = $params_key AND km.month >= $from_month
      AND km.month BETWEEN $month_lo AND $month_hi
    GROUP BY k.regency_code, km.month
),
int_regencies AS (
    SELECT c.*, coalesce(s.members_in_silent_groups, 0) AS members_in_silent_groups
    FROM int_counts AS c
    LEFT JOIN int_silent AS s USING (regency_code, month)
),
int_levels AS (
    SELECT 'kabupaten' AS level, regency_code AS region_code, month, * EXCLUDE (regency_code, month)
    FROM int_regencies
    UNION ALL BY NAME
    SELECT 'provinsi' AS level, left(regency_code, 2) AS region_code, month,
           sum(COLUMNS(* EXCLUDE (regency_code, month)))
    FROM int_regencies
    GROUP BY left(regency_code, 2), month
    UNION ALL BY NAME
    SELECT 'nasional' AS level, '00' AS region_code, month, sum(COLUMNS(* EXCLUDE (regency_code, month)))
    FROM int_regencies
    GROUP BY month
),
int_medians AS (
    SELECT 'kabupaten' AS level, regency_code AS region_code, month, {{ fragments/region_medians }}
    FROM staged
    GROUP BY regency_code, month
    UNION ALL
    SELECT 'provinsi', left(regency_code, 2), month, {{ fragments/region_medians }}
    FROM staged
    GROUP BY left(regency_code, 2), month
    UNION ALL
    SELECT 'nasional', '00', month, {{ fragments/region_medians }}
    FROM staged
    GROUP BY month
)
SELECT $params_key AS params_key, l.*, m.* EXCLUDE (level, region_code, month)
FROM int_levels AS l
JOIN int_medians AS m USING (level, region_code, month)
WHERE l.level = 'nasional' OR left(l.region_code, 2) IN (SELECT province_code FROM refresh_provinces)
