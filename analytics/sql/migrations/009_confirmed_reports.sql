-- Reports flagged as implausibly high that an operator confirmed (Kualitas Data): counted from
-- then on. A confirmation holds for the amount confirmed; a corrected report (a new amount for
-- the same member and month, via import) is judged afresh.
CREATE TABLE confirmed_reports (
    member_id INTEGER NOT NULL,
    month DATE NOT NULL,
    income_rupiah BIGINT NOT NULL,         -- the amount confirmed
    confirmed_by VARCHAR NOT NULL,
    confirmed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (member_id, month, income_rupiah)
);
