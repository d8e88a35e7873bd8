date_diff('day', DATE '0001-01-01', coalesce(reported_on, DATE '0001-01-01'))::BIGINT * 4294967296 + coalesce(batch_id, 0)
