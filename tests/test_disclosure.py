"""Disclosure control of region figures: income figures by reporting members, counts of
registered members by registered members."""
from __future__ import annotations

import pandas as pd

from analytics.disclosure import suppress_regions


def test_registration_counts_stay_visible_where_few_members_report():
    frame = pd.DataFrame({"region_code": ["a", "b"], "active_members": [2, 40], "registered_members": [60, 3],
                          "not_reporting_members": [58, 0], "members_in_silent_groups": [50, 0],
                          "share_steady": [0.5, 0.2]})
    out = suppress_regions(frame)
    assert out["suppressed"].tolist() == [True, False]
    assert pd.isna(out.loc[0, "share_steady"])                      # about 2 reporting members
    assert out.loc[0, "not_reporting_members"] == 58 and out.loc[0, "members_in_silent_groups"] == 50
    assert pd.isna(out.loc[1, "registered_members"]) and out.loc[1, "share_steady"] == 0.2
