-- Each group per month from formation to the data's latest month: survival, business, members, stage.
-- mart: mart_kube_month
-- grain: params_key, kube_id, month
-- refresh: params_key = $params_key AND kube_id IN (SELECT kube_id FROM refresh_kubes)
-- Stage after the ministry's scheme: Tumbuh (formed, funded) -> Berkembang (savings built and
-- IKS paid in the last 12 months) -> Maju (also rising 12-month profit and a market link).
-- A dead group keeps its rows (alive = false), so figures can count members in silent groups.
-- Groups rebuilt are those in refresh_kube_part (refresh.py `_kube_months`): whole, or windowed
-- (months from $keep_from, reading from $window_start, the look-back of the 24-month profit window).
WITH staged_kube AS (
    SELECT * FROM kube WHERE kube_id IN (SELECT kube_id FROM refresh_kube_part)
),
int_members AS (
    SELECT kube_id, month,
        count(*) FILTER (WHERE registered) AS registered_members,
        count(*) FILTER (WHERE reporting) AS reporting_members,
        count(*) FILTER (WHERE registered AND has_report) AS reported_members,
        count(*) FILTER (WHERE registered AND status = 3) AS steady_members,
        count(*) FILTER (WHERE registered AND status = 4) AS independent_members,
        count(*) FILTER (WHERE registered AND status = 1) AS poor_members,
        bool_or(has_report) AS member_report
    FROM mart_member_month
    WHERE params_key = $params_key AND kube_id IN (SELECT kube_id FROM refresh_kube_part) AND month >= $window_start
    GROUP BY kube_id, month
),
int_business AS (
    SELECT kube_id, month, sum(revenue_rupiah) AS revenue, sum(cost_rupiah) AS cost,
           sum(revenue_rupiah - cost_rupiah) AS profit, sum(savings_rupiah) AS savings, sum(iks_rupiah) AS iks
    FROM kube_business
    WHERE kube_id IN (SELECT kube_id FROM refresh_kube_part) AND month >= $window_start
    GROUP BY kube_id, month
),
int_links AS (                     -- months with a sale to an offtaker, export or cooperative
    SELECT kube_id, month, true AS market_link
    FROM sales
    WHERE kube_id IN (SELECT kube_id FROM refresh_kube_part) AND month >= $window_start
      AND (offtaker_id IS NOT NULL OR channel IN ('offtaker', 'ekspor', 'koperasi'))
    GROUP BY kube_id, month
),
int_grid AS (
    SELECT k.kube_id, k.chain_id, unnest(generate_series(
        greatest(date_trunc('month', k.formed_on)::DATE, $data_start::DATE, $window_start::DATE), $data_end::DATE,
        INTERVAL 1 MONTH))::DATE AS month
    FROM staged_kube AS k
),
int_joined AS (
    SELECT g.kube_id, g.month, g.chain_id,
        coalesce(m.registered_members, 0) AS registered_members,
        coalesce(m.reporting_members, 0) AS reporting_members,
        coalesce(m.reported_members, 0) AS reported_members,
        coalesce(m.steady_members, 0) AS steady_members,
        coalesce(m.independent_members, 0) AS independent_members,
        coalesce(m.poor_members, 0) AS poor_members,
        coalesce(m.member_report, false) OR b.kube_id IS NOT NULL AS any_report,
        b.revenue, b.cost, b.profit, b.savings, b.iks,
        coalesce(l.market_link, false) AS market_link
    FROM int_grid AS g
    LEFT JOIN int_members AS m USING (kube_id, month)
    LEFT JOIN int_business AS b USING (kube_id, month)
    LEFT JOIN int_links AS l USING (kube_id, month)
),
int_rolling AS (
    SELECT *,
        sum(any_report::INT) OVER w_alive > 0 AS alive,
        sum(coalesce(savings, 0)) OVER w_year AS savings_12m,
        sum(coalesce(iks, 0)) OVER w_year AS iks_12m,
        sum(coalesce(profit, 0)) OVER w_year AS profit_12m,
        sum(coalesce(profit, 0)) OVER (PARTITION BY kube_id ORDER BY month
            ROWS BETWEEN 23 PRECEDING AND 12 PRECEDING) AS profit_prior_12m,
        bool_or(market_link) OVER w_year OR chain_id IS NOT NULL AS linked
    FROM int_joined
    WINDOW
        w_alive AS (PARTITION BY kube_id ORDER BY month ROWS BETWEEN $alive_window - 1 PRECEDING AND CURRENT ROW),
        w_year AS (PARTITION BY kube_id ORDER BY month ROWS BETWEEN 11 PRECEDING AND CURRENT ROW)
)
SELECT
    $params_key AS params_key, kube_id, month, alive, registered_members, reporting_members, reported_members,
    steady_members, independent_members, poor_members, revenue, cost, profit, savings, iks,
    CASE
        WHEN savings_12m > 0 AND iks_12m > 0 AND profit_12m > coalesce(profit_prior_12m, 0)
             AND profit_prior_12m IS NOT NULL AND linked THEN 'Maju'
        WHEN savings_12m > 0 AND iks_12m > 0 THEN 'Berkembang'
        ELSE 'Tumbuh'
    END AS stage
FROM int_rolling
WHERE month >= $keep_from
