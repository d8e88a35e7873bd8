-- Region figures per month (nation, provinces, regencies) from active members' months, for
-- months from $from_month, optionally only one commodity, value chain, facilitator or cohort.
-- Used by the region_month model (no filters) and by filtered views on the fly.
WITH staged AS (
    {{ region_members }}
)
SELECT
    CASE WHEN grouping(regency_code) = 0 THEN 'kabupaten'
         WHEN grouping(province_code) = 0 THEN 'provinsi' ELSE 'nasional' END AS level,
    coalesce(regency_code, province_code, '00') AS region_code,
    month,
    {{ region_figures }}
FROM staged
GROUP BY GROUPING SETS ((month), (province_code, month), (province_code, regency_code, month))
