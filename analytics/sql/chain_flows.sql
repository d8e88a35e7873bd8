-- Value-chain stages with their groups and 12-month sales up to $month (for the Sankey), and
-- the offtakers buying from each stage; chains with groups in the region and of the filters.
WITH stage_sales AS (
    SELECT k.chain_id, k.stage_no, sum(s.value_rupiah) AS sales_12m, count(DISTINCT k.kube_id) AS groups
    FROM sales AS s JOIN kube AS k USING (kube_id)
    WHERE k.chain_id IS NOT NULL AND s.month > ($month::DATE - INTERVAL 12 MONTH) AND s.month <= $month::DATE
    GROUP BY ALL
),
buyers AS (
    SELECT k.chain_id, k.stage_no, o.name AS offtaker, sum(s.value_rupiah) AS bought_12m
    FROM sales AS s JOIN kube AS k USING (kube_id) JOIN offtakers AS o USING (offtaker_id)
    WHERE s.month > ($month::DATE - INTERVAL 12 MONTH) AND s.month <= $month::DATE
    GROUP BY ALL
)
SELECT c.chain_id, c.name AS chain_name, st.stage_no, st.name AS stage_name, st.position, st.product,
       coalesce(ss.groups, 0) AS groups, coalesce(ss.sales_12m, 0) AS sales_12m,
       b.offtaker, coalesce(b.bought_12m, 0) AS bought_12m
FROM value_chains AS c
JOIN value_chain_stages AS st USING (chain_id)
LEFT JOIN stage_sales AS ss USING (chain_id, stage_no)
LEFT JOIN buyers AS b USING (chain_id, stage_no)
WHERE ($chain::INTEGER IS NULL OR c.chain_id = $chain::INTEGER)
  AND c.chain_id IN (SELECT k.chain_id FROM kube AS k WHERE k.chain_id IS NOT NULL AND ($region::VARCHAR IS NULL OR k.regency_code = $region::VARCHAR OR left(k.regency_code, 2) = $region::VARCHAR)
      AND ($commodity::VARCHAR IS NULL OR k.commodity = $commodity::VARCHAR)
      AND ($chain::INTEGER IS NULL OR k.chain_id = $chain::INTEGER)
      AND ($facilitator::INTEGER IS NULL OR k.facilitator_id = $facilitator::INTEGER)
      AND ($cohort::INTEGER IS NULL OR year(k.formed_on) = $cohort::INTEGER))
ORDER BY c.chain_id, st.stage_no
