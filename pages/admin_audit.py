"""Log Audit (audit log), for administrators: logins (and failed ones), pages and regions viewed,
exports, imports and account changes, filtered by user, action, region and date, as CSV."""
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from analytics.access import audit
from analytics.access.roles import Permission
from analytics.formatting import number
from analytics.i18n import t
from analytics.ui import auth, cache

v = cache.page_view()
lang = v.lang
me = auth.require(Permission.AUDIT, lang)
st.title(t("admin.audit_title", lang))
st.caption(t("admin.audit_intro", lang, days=number(audit.RETENTION_DAYS, lang)))

anyone = t("admin.anyone", lang)
cols = st.columns([2, 3, 2, 2, 2])
actor = cols[0].selectbox(t("admin.audit_user", lang), [None, *audit.actors()], key="audit_actor",
                          format_func=lambda a: anyone if a is None else a)
actions = cols[1].multiselect(t("admin.audit_action", lang), audit.ACTIONS, key="audit_actions")
region = cols[2].text_input(t("admin.audit_region", lang), key="audit_region").strip() or None
start = cols[3].date_input(t("admin.audit_from", lang), value=date.today() - timedelta(days=30), key="audit_from")
end = cols[4].date_input(t("admin.audit_to", lang), value=date.today(), key="audit_to")

query = audit.Query(actor=actor, actions=tuple(actions), region=region, start=start, end=end)
rows = auth.audit_rows(query)
st.caption(t("admin.audit_count", lang, count=number(len(rows), lang), limit=number(query.limit, lang)))
if not rows:
    st.info(t("admin.audit_none", lang))
    st.stop()
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height=520)
st.download_button(t("admin.audit_csv", lang),
                   data=auth.audited(lambda: audit.csv_text(rows).encode("utf-8"), "audit_events.csv", "csv", region,
                                     Permission.AUDIT),
                   file_name=f"audit_{start:%Y%m%d}_{end:%Y%m%d}.csv", mime="text/csv", on_click="ignore",
                   key="audit_csv")
