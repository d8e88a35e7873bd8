-- Rows refused by imports, grouped by kind, column and reason.
SELECT a.kind, r.column_name, r.reason, count(*) AS rows, count(DISTINCT a.attempt_id) AS files,
       max(a.attempted_at) AS last_seen
FROM import_rejections AS r
JOIN import_attempts AS a USING (attempt_id)
GROUP BY ALL
ORDER BY rows DESC
