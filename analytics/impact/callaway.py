"""Callaway & Sant'Anna (2021) ATT(g,t) through moderndid: the reference check that our
econometrics stack reproduces a published result (mpdta), and a short-horizon cross-check.

It cannot replace the imputation estimator on KUBE data: with not-yet-joined members as
controls it needs controls observed at g-1 and at t, and members report for at most about a
year before joining, so it identifies effects only up to roughly +10 months.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass
class CallawaySantAnna:
    att_gt: pd.DataFrame          # group, time, att, se
    group_overall: float          # aggregation by cohort ('group')
    dynamic_overall: float        # aggregation by event time ('dynamic')
    dynamic: pd.DataFrame         # event_time, att, se


def callaway_santanna(frame: pd.DataFrame, outcome: str, unit: str, time: str, cohort: str,
                      control: str = "nevertreated") -> CallawaySantAnna:
    """Doubly robust ATT(g,t) with analytical standard errors, and its two usual aggregations."""
    import moderndid  # slow import: only when used

    result = moderndid.att_gt(frame, yname=outcome, tname=time, idname=unit, gname=cohort,
                              est_method="dr", control_group=control, boot=False, cband=False)
    table = pd.DataFrame({"group": result.groups, "time": result.times,
                          "att": result.att_gt, "se": result.se_gt})
    group = moderndid.aggte(result, type="group")
    dynamic = moderndid.aggte(result, type="dynamic")
    return CallawaySantAnna(
        att_gt=table,
        group_overall=float(group.overall_att),
        dynamic_overall=float(dynamic.overall_att),
        dynamic=pd.DataFrame({"event_time": dynamic.event_times, "att": dynamic.att_by_event,
                              "se": dynamic.se_by_event}),
    )


def mpdta() -> pd.DataFrame:
    """The minimum-wage county panel of Callaway & Sant'Anna (2021), shipped with moderndid."""
    import moderndid

    data = moderndid.load_mpdta()
    return data.to_pandas() if hasattr(data, "to_pandas") else pd.DataFrame(data)
