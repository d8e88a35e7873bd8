-- The additive columns of a region-month figure row, over registered members' months (a
-- fragment: the region_month model, region_figures). Status shares are taken over reporting
-- members (a status other than Tidak cukup data).
count(*) AS registered_members,
count(*) FILTER (WHERE reporting) AS reporting_members,
count(*) FILTER (WHERE has_report) AS reported_members,
count(*) FILTER (WHERE was_reporting) AS expected_members,
count(*) FILTER (WHERE outlier) AS outlier_reports,
count(*) FILTER (WHERE status = 0) AS insufficient,
count(*) FILTER (WHERE status = 1) AS poor,
count(*) FILTER (WHERE status = 2) AS vulnerable,
count(*) FILTER (WHERE status = 3) AS steady,
count(*) FILTER (WHERE status = 4) AS independent,
count(*) FILTER (WHERE status_12m_ago = 1) AS poor_12m_ago,
count(*) FILTER (WHERE status_12m_ago = 1 AND status IN (2, 3, 4)) AS exits_12m,
count(*) FILTER (WHERE status_12m_ago IN (2, 3, 4)) AS not_poor_12m_ago,
count(*) FILTER (WHERE status_12m_ago IN (2, 3, 4) AND status = 1) AS reentries_12m,
count(*) FILTER (WHERE reporting AND line_is_fallback) AS fallback_line_members
