-- mart_facilitator_month: each facilitator's groups and members per month.
INSERT INTO mart_facilitator_month
SELECT
    $params_key, k.facilitator_id, km.month,
    count(*) AS groups,
    count(*) FILTER (WHERE km.alive) AS groups_alive,
    sum(km.active_members) AS active_members,
    sum(km.reported_members) AS reported_members,
    sum(km.steady_members) AS steady_members,
    sum(km.independent_members) AS independent_members,
    sum(km.poor_members) AS poor_members
FROM mart_kube_month AS km
JOIN kube AS k USING (kube_id)
WHERE km.params_key = $params_key
  AND k.facilitator_id IN (SELECT facilitator_id FROM refresh_facilitators)
GROUP BY k.facilitator_id, km.month
