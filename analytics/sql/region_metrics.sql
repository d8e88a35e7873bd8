-- Every region-level metric for a level, optionally one month, one region, or the children of
-- one province, within the caller's scope (a list of province codes, NULL = all).
WITH staged AS (
    SELECT rm.*
    FROM mart_region_month AS rm
    WHERE rm.params_key = $params_key
      AND rm.level = $level
      AND ($month::DATE IS NULL OR rm.month = $month::DATE)
      AND ($region::VARCHAR IS NULL OR rm.region_code = $region::VARCHAR)
      AND ($parent::VARCHAR IS NULL OR left(rm.region_code, 2) = $parent::VARCHAR)
      -- a scoped caller sees its provinces only, not the national aggregate
      AND ($scope::VARCHAR[] IS NULL
           OR (rm.level <> 'nasional' AND list_contains($scope::VARCHAR[], left(rm.region_code, 2))))
)
{{ fragments/region_metric_select }}
