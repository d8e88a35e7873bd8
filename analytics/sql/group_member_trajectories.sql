-- One group's members month by month up to $month (pseudonyms only): pl_ratio, status, poverty line.
SELECT m.pseudonym, mm.month, mm.event_time, mm.pl_ratio, mm.per_capita, mm.line_per_capita,
       mm.status, mm.reported, mm.outlier, mm.household_size
FROM mart_member_month AS mm
JOIN members AS m USING (member_id)
WHERE mm.params_key = $params_key AND mm.kube_id = $kube_id AND ($month::DATE IS NULL OR mm.month <= $month::DATE)
ORDER BY m.pseudonym, mm.month
