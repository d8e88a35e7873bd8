-- The medians of a region-month figure row over registered members' months (a fragment: the
-- region_month model, region_figures). Income medians are of the month's usable reports
-- (rupiah per month); the line is the median of the lines those reports are judged against.
median(pl_ratio) AS median_pl_ratio,
median(income_change) AS median_income_change,
median(income) AS median_income,
median(per_capita) AS median_per_capita,
median(line_per_capita) FILTER (WHERE income IS NOT NULL) AS median_line_per_capita,
count(income) AS income_reports                -- disclosure: medians of fewer reports are not shown
