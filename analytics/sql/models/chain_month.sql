-- Each value chain's stages per month: groups, members, revenue, sales, demand.
-- mart: mart_chain_month
-- grain: params_key, chain_id, stage_no, month
-- refresh: params_key = $params_key
WITH staged AS (
    SELECT k.chain_id, k.stage_no, km.*
    FROM mart_kube_month AS km
    JOIN kube AS k USING (kube_id)
    WHERE km.params_key = $params_key AND k.chain_id IS NOT NULL
),
int_sales AS (
    SELECT k.chain_id, k.stage_no, s.month, sum(s.value_rupiah) AS sales_value
    FROM sales AS s JOIN kube AS k USING (kube_id)
    WHERE k.chain_id IS NOT NULL
    GROUP BY ALL
),
int_orders AS (
    SELECT o.chain_id, st.stage_no, r.month, sum(r.value_rupiah) AS order_value
    FROM orders AS r
    JOIN offtakers AS o USING (offtaker_id)
    JOIN value_chain_stages AS st ON st.chain_id = o.chain_id AND st.product = r.product
    WHERE o.chain_id IS NOT NULL
    GROUP BY ALL
),
int_stage_months AS (
    SELECT chain_id, stage_no, month,
        count(*) FILTER (WHERE alive) AS groups_alive,
        sum(registered_members) AS registered_members,
        sum(reporting_members) AS reporting_members,
        sum(steady_members + independent_members) AS steady_members,
        sum(revenue) AS revenue
    FROM staged
    GROUP BY ALL
)
SELECT $params_key AS params_key, m.chain_id, m.stage_no, m.month, m.groups_alive, m.registered_members,
       m.reporting_members, m.steady_members, m.revenue, s.sales_value, o.order_value
FROM int_stage_months AS m
LEFT JOIN int_sales AS s USING (chain_id, stage_no, month)
LEFT JOIN int_orders AS o USING (chain_id, stage_no, month)
