-- Reporting completeness per month: the nation, or a scope's provinces and regencies summed
-- (a scope lists a regency only outside its listed provinces: nothing is counted twice). A month's
-- completeness = registered members with a report for it / members reporting (a status other
-- than Tidak cukup data) at the end of the month before and still registered.
SELECT month,
       sum(registered_members) AS registered_members,
       sum(reporting_members) AS reporting_members,
       sum(reported_members) AS reported_members,
       sum(expected_members) AS expected_members,
       sum(reported_members) / nullif(sum(expected_members), 0) AS month_completeness
FROM mart_region_month
WHERE params_key = $params_key
  AND CASE WHEN $scope_national::BOOLEAN THEN level = 'nasional'
           ELSE (level = 'provinsi' AND list_contains($scope_provinces::VARCHAR[], region_code))
             OR (level = 'kabupaten' AND list_contains($scope_regencies::VARCHAR[], region_code)) END
GROUP BY month
ORDER BY month
