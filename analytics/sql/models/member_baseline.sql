-- Each member's income before joining (the baseline months), for the income change since joining.
-- mart: mart_member_baseline
-- grain: params_key, member_id
-- refresh: params_key = $params_key AND member_id IN (SELECT member_id FROM refresh_scope)
SELECT
    $params_key AS params_key,
    member_id,
    count(per_capita)::SMALLINT AS baseline_months,
    avg(per_capita) AS baseline_per_capita,
    avg(pl_ratio) AS baseline_pl_ratio
FROM mart_member_month
WHERE params_key = $params_key
  AND event_time < 0
  AND member_id IN (SELECT member_id FROM refresh_scope)
GROUP BY member_id
