"""The facilitator attention rule: who a supervisor should look at first (one rule for every page
and export)."""
from __future__ import annotations

import pandas as pd

MIN_COMPLETENESS = 0.70      # reporting completeness below this
MAX_STEADY_FALL = 0.05       # share steady down by more than this (5 points) in 12 months
MAX_DEAD_SHARE = 0.30        # more than this share of the facilitator's groups no longer alive
MEMBER_FIGURES = ["active_members", "completeness", "share_steady", "share_poor", "share_steady_12m_ago", "progress"]


def with_attention(frame: pd.DataFrame) -> pd.DataFrame:
    """The facilitator table plus `progress` (change of the steady share over 12 months),
    `dead_share` and `attention` (any of the three signs)."""
    progress = frame["share_steady"] - frame["share_steady_12m_ago"]
    dead_share = 1 - frame["groups_alive"] / frame["groups"].where(frame["groups"] > 0)
    attention = ((frame["completeness"] < MIN_COMPLETENESS) | (progress < -MAX_STEADY_FALL)
                 | (dead_share > MAX_DEAD_SHARE))
    return frame.assign(progress=progress, dead_share=dead_share, attention=attention.fillna(False).astype(bool))
