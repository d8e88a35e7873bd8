-- The stored amount of one member's report for one month (a duplicate: the latest report wins,
-- as the member_month model reads it).
SELECT arg_max(income_rupiah, {{ fragments/latest_report_key }}) AS income_rupiah
FROM member_income
WHERE member_id = $member_id AND month = $month::DATE
