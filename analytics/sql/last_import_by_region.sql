-- The latest stored import touching each regency (or each regency of a province).
SELECT r.regency_code, r.name AS regency_name,
       arg_max(b.kind, b.imported_at) AS kind, arg_max(b.file_name, b.imported_at) AS file_name,
       max(b.imported_at) AS last_import, sum(br.rows) AS rows_all_time
FROM import_batch_regions AS br
JOIN import_batches AS b USING (batch_id)
JOIN regencies AS r USING (regency_code)
WHERE ($region::VARCHAR IS NULL OR r.regency_code = $region::VARCHAR OR r.province_code = $region::VARCHAR)
GROUP BY ALL
ORDER BY last_import
