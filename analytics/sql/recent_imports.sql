-- Import attempts, newest first (stored or refused).
SELECT attempt_id, kind, file_name, row_count, rejected_rows, batch_id, attempted_at
FROM import_attempts
ORDER BY attempted_at DESC
LIMIT 50
