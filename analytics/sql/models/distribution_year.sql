-- Registered members' monthly pl_ratio in bins of 0.1 (last bin: 4.0+), per nation, province
-- and regency and year, for years from $from_month, provinces in scope.
-- mart: mart_distribution_year
-- grain: params_key, level, region_code, year, bin_start
-- refresh: params_key = $params_key AND year >= year($from_month::DATE) AND (level = 'nasional' OR left(region_code, 2) IN (SELECT province_code FROM refresh_provinces))
WITH staged AS (
    SELECT left(regency_code, 2) AS province_code, regency_code, year(month) AS year,
           least(floor(pl_ratio * 10) / 10, 4.0) AS bin_start
    FROM mart_member_month
    WHERE params_key = $params_key AND registered AND reported AND month >= date_trunc('year', $from_month::DATE)
),
int_grouped AS (
    SELECT
        CASE WHEN grouping(regency_code) = 0 THEN 'kabupaten'
             WHEN grouping(province_code) = 0 THEN 'provinsi' ELSE 'nasional' END AS level,
        coalesce(regency_code, province_code, '00') AS region_code,
        year, bin_start, count(*) AS reports
    FROM staged
    GROUP BY GROUPING SETS ((year, bin_start), (province_code, year, bin_start),
                            (province_code, regency_code, year, bin_start))
)
SELECT $params_key AS params_key, * FROM int_grouped
WHERE level = 'nasional' OR left(region_code, 2) IN (SELECT province_code FROM refresh_provinces)
