-- Distribution of pl_ratio among active members' reports in one year, in bins of $bin_width,
-- for the nation ($region NULL), a province (2 chars) or a regency (5 chars), within scope.
SELECT
    least(floor(pl_ratio / $bin_width) * $bin_width, $cap) AS bin_start,
    count(*) AS reports
FROM mart_member_month
WHERE params_key = $params_key
  AND active AND reported
  AND month >= make_date($year, 1, 1) AND month < make_date($year + 1, 1, 1)
  AND ($region::VARCHAR IS NULL OR regency_code = $region::VARCHAR OR left(regency_code, 2) = $region::VARCHAR)
  AND ($scope::VARCHAR[] IS NULL OR list_contains($scope::VARCHAR[], left(regency_code, 2)))
GROUP BY 1
ORDER BY 1
