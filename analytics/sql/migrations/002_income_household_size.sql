-- Household size can change (a birth, a child leaving): a report may carry the size that month.
-- Older databases keep their rows; the member's registered size applies where this is NULL.
ALTER TABLE member_income ADD COLUMN household_size SMALLINT;
