-- mart_region_month: the nation, provinces and regencies per month (no filters), for months
-- from $from_month, for the provinces in refresh_provinces (the nation always).
INSERT INTO mart_region_month
SELECT $params_key, *
FROM ({{ region_aggregate }})
WHERE level = 'nasional' OR left(region_code, 2) IN (SELECT province_code FROM refresh_provinces)
