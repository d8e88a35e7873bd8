-- Distribution of pl_ratio among active members' monthly reports in one year (bins of 0.1,
-- the last bin 4.0 and above): one region, or the nation (within scope: the scope's provinces).
SELECT bin_start, sum(reports) AS reports
FROM mart_distribution_year
WHERE params_key = $params_key
  AND year = $year
  AND CASE
        WHEN $region::VARCHAR IS NOT NULL THEN region_code = $region::VARCHAR
             AND ($scope::VARCHAR[] IS NULL OR list_contains($scope::VARCHAR[], left(region_code, 2)))
        WHEN $scope::VARCHAR[] IS NULL THEN level = 'nasional'
        ELSE level = 'provinsi' AND list_contains($scope::VARCHAR[], region_code)
      END
GROUP BY bin_start
ORDER BY bin_start
