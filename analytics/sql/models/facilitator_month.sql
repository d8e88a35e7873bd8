-- Each facilitator's groups and members per month.
-- mart: mart_facilitator_month
-- grain: params_key, facilitator_id, month
-- refresh: params_key = $params_key AND facilitator_id IN (SELECT facilitator_id FROM refresh_facilitators)
SELECT
    $params_key AS params_key, k.facilitator_id, km.month,
    count(*) AS groups,
    count(*) FILTER (WHERE km.alive) AS groups_alive,
    sum(km.registered_members) AS registered_members,
    sum(km.reporting_members) AS reporting_members,
    sum(km.reported_members) AS reported_members,
    sum(km.steady_members) AS steady_members,
    sum(km.independent_members) AS independent_members,
    sum(km.poor_members) AS poor_members
FROM mart_kube_month AS km
JOIN kube AS k USING (kube_id)
WHERE km.params_key = $params_key
  AND k.facilitator_id IN (SELECT facilitator_id FROM refresh_facilitators)
GROUP BY k.facilitator_id, km.month
