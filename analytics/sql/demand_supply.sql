-- Offtaker demand (orders) against group supply (sales of the same product), per product,
-- over the 12 months to $month: which products have the most market.
WITH demand AS (
    SELECT product, sum(value_rupiah) AS demand_12m
    FROM orders WHERE month > ($month::DATE - INTERVAL 12 MONTH) AND month <= $month::DATE
    GROUP BY product
),
supply AS (
    SELECT product, sum(value_rupiah) AS supply_12m
    FROM sales WHERE month > ($month::DATE - INTERVAL 12 MONTH) AND month <= $month::DATE
    GROUP BY product
)
SELECT coalesce(d.product, s.product) AS product, coalesce(d.demand_12m, 0) AS demand_12m,
       coalesce(s.supply_12m, 0) AS supply_12m
FROM demand AS d FULL JOIN supply AS s USING (product)
ORDER BY demand_12m DESC, supply_12m DESC
