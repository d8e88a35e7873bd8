-- Every column of a region-month figure row, aggregated over rows of region_members (a
-- fragment: filtered_region_metrics; the region_month model computes the same columns in
-- parts). Registered members are all counted; the members in silent groups are those whose
-- group had no member or business report in the last alive_window months.
{{ fragments/region_counts }},
count(*) FILTER (WHERE in_silent_group) AS members_in_silent_groups,
{{ fragments/region_medians }}
