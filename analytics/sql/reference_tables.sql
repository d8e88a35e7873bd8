-- Poverty lines and minimum wages in use, with sources (for the method page).
SELECT 'poverty_line' AS kind, p.province_code, coalesce(pr.name, 'Indonesia (nasional)') AS province,
       strftime(p.period, '%Y-%m') AS period, p.line_per_capita AS rupiah, p.source
FROM poverty_lines AS p LEFT JOIN provinces AS pr USING (province_code)
UNION ALL
SELECT 'minimum_wage', w.province_code, pr.name, CAST(w.year AS VARCHAR), w.ump_rupiah, w.source
FROM minimum_wages AS w LEFT JOIN provinces AS pr USING (province_code)
ORDER BY kind, province_code, period
