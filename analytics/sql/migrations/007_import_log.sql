-- Every import attempt (also rejected ones) and its rejected rows, for the data-quality page;
-- and which regencies each stored batch touched ("last import per region").
CREATE TABLE import_attempts (
    attempt_id INTEGER PRIMARY KEY,
    kind VARCHAR NOT NULL,
    file_name VARCHAR,
    content_hash VARCHAR,
    row_count BIGINT NOT NULL,
    rejected_rows BIGINT NOT NULL,
    batch_id INTEGER,                       -- NULL: rejected, nothing stored
    attempted_at TIMESTAMP NOT NULL
);

CREATE TABLE import_rejections (
    attempt_id INTEGER NOT NULL,
    row_no BIGINT NOT NULL,                 -- as the spreadsheet numbers it (header = 1)
    column_name VARCHAR NOT NULL,
    value VARCHAR,                          -- NIK values are masked
    reason VARCHAR NOT NULL
);

CREATE TABLE import_batch_regions (
    batch_id INTEGER NOT NULL,
    regency_code VARCHAR NOT NULL,
    rows BIGINT NOT NULL
);
