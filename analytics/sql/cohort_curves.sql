-- Mean pl_ratio by months since joining, per cohort (joining year), in a region.
SELECT year(mm.month - to_months(mm.event_time)) AS cohort,
       mm.event_time,
       avg(mm.pl_ratio) AS mean_pl_ratio,
       count(mm.pl_ratio) AS reports
FROM mart_member_month AS mm
WHERE mm.params_key = $params_key AND mm.reported
  AND mm.event_time BETWEEN -12 AND 60
  AND ($region::VARCHAR IS NULL OR mm.regency_code = $region::VARCHAR OR left(mm.regency_code, 2) = $region::VARCHAR)
GROUP BY ALL
HAVING count(mm.pl_ratio) >= 5
ORDER BY cohort, event_time
