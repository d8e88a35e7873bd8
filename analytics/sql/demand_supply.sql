-- Offtaker demand (orders) against group supply (sales of the same product), per product,
-- over the 12 months to $month: which products have the most market. In a region: its
-- offtakers' orders and its groups' sales (of the commodity, when one is chosen).
WITH demand AS (
    SELECT r.product, sum(r.value_rupiah) AS demand_12m
    FROM orders AS r JOIN offtakers AS o USING (offtaker_id)
    WHERE r.month > ($month::DATE - INTERVAL 12 MONTH) AND r.month <= $month::DATE
      AND ($region::VARCHAR IS NULL OR o.regency_code = $region::VARCHAR OR left(o.regency_code, 2) = $region::VARCHAR)
    GROUP BY r.product
),
supply AS (
    SELECT s.product, sum(s.value_rupiah) AS supply_12m
    FROM sales AS s JOIN kube AS k USING (kube_id)
    WHERE s.month > ($month::DATE - INTERVAL 12 MONTH) AND s.month <= $month::DATE
      AND ($region::VARCHAR IS NULL OR k.regency_code = $region::VARCHAR OR left(k.regency_code, 2) = $region::VARCHAR)
      AND ($commodity::VARCHAR IS NULL OR k.commodity = $commodity::VARCHAR)
      AND ($chain::INTEGER IS NULL OR k.chain_id = $chain::INTEGER)
      AND ($facilitator::INTEGER IS NULL OR k.facilitator_id = $facilitator::INTEGER)
      AND ($cohort::INTEGER IS NULL OR year(k.formed_on) = $cohort::INTEGER)
    GROUP BY s.product
)
SELECT coalesce(d.product, s.product) AS product, coalesce(d.demand_12m, 0) AS demand_12m,
       coalesce(s.supply_12m, 0) AS supply_12m
FROM demand AS d FULL JOIN supply AS s USING (product)
ORDER BY demand_12m DESC, supply_12m DESC
