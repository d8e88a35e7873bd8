"""Impor Data (data import): template, upload, preview, validation report, confirm, result."""
import hashlib

import pandas as pd
import streamlit as st

from analytics.export.tables import csv_bytes
from analytics.formatting import number
from analytics.i18n import t
from analytics.ingest.engine import import_bytes, template_bytes
from analytics.ingest.kinds import KINDS
from analytics.ingest.nik import redact
from analytics.ingest.read import ReportFileError, read_bytes
from analytics.reference_names import import_column_doc
from analytics.ui import cache, jobs
from analytics.ui.export import XLSX
from analytics.ui.state import choose

v = cache.page_view()
lang, con = v.lang, cache.cursor()

st.title(t("page.import", lang))
st.caption(t("import.intro", lang))
report_columns = {"row": t("column.row", lang), "column": t("column.column", lang), "value": t("column.value", lang),
                  "reason": t("column.reason", lang)}
jobs.status(cache.database_path(), lang, report_columns)     # the writer's job for this session, if any

kind_name = choose(st.selectbox, t("import.kind_label", lang), list(KINDS), name="import_kind", lang=lang,
                   format_func=lambda k: t(f"import.kind.{k}", lang))
kind = KINDS[kind_name]

with st.expander(t("import.template_title", lang), expanded=False):
    cols = st.columns(2)
    cols[0].download_button(t("import.template_csv", lang), template_bytes(kind_name, "csv"),
                            file_name=f"templat_{kind_name}.csv", mime="text/csv", key="tpl_csv", on_click="ignore")
    cols[1].download_button(t("import.template_xlsx", lang), data=lambda: template_bytes(kind_name, "xlsx"),
                            file_name=f"templat_{kind_name}.xlsx", mime=XLSX, key="tpl_xlsx", on_click="ignore")
    st.dataframe(pd.DataFrame({
        t("column.column", lang): [c.name for c in kind.columns],
        t("import.required", lang): [t("common.yes", lang) if c.required else "" for c in kind.columns],
        t("import.content", lang): [import_column_doc(c, lang) for c in kind.columns],
        t("import.example", lang): [c.example for c in kind.columns],
        t("import.aliases", lang): [", ".join(c.aliases) for c in kind.columns],
    }), hide_index=True, width="stretch")
    st.caption(t("import.formats", lang))

upload = st.file_uploader(t("import.file", lang), type=["csv", "xlsx"], key=f"upload_{kind_name}")
if upload is None:
    st.info(t("import.choose_file", lang))
    st.stop()

data = upload.getvalue()
digest = hashlib.sha256(data).hexdigest()
# Read once per file (a large file takes seconds), not on every rerun; NIK shown masked only.
if st.session_state.get("import_preview", (None,))[0] != digest:
    try:
        raw = read_bytes(data, upload.name)
    except ReportFileError as exc:
        st.error(t("import.unreadable", lang, reason=str(exc)))
        st.stop()
    nik_headers = {h for k in KINDS.values() for c in k.columns if c.kind == "nik" for h in (c.name, *c.aliases)}
    preview = raw.head(10).copy()
    for header in nik_headers & set(preview.columns):
        preview[header] = preview[header].map(redact)
    st.session_state["import_preview"] = (digest, len(raw), preview)
_, row_count, preview = st.session_state["import_preview"]

st.subheader(t("import.preview", lang))
st.caption(t("import.preview_caption", lang, rows=number(row_count, lang)))
st.dataframe(preview, width="stretch")

replace = st.checkbox(t("import.replace", lang), key="import_replace")
# The checks run once per file, kind and mode (a large file takes seconds), not on every rerun.
check_key = (digest, kind_name, replace, cache.db_key())
if st.session_state.get("import_check", (None,))[0] != check_key:
    try:
        st.session_state["import_check"] = (check_key, import_bytes(con, data, upload.name, kind_name,
                                                                    replace=replace, dry_run=True))
    except ReportFileError as exc:
        st.error(str(exc))
        st.stop()
check = st.session_state["import_check"][1]

st.subheader(t("import.checks", lang))
if check.already_imported:
    st.success(t("import.already", lang, batch=check.batch_id))
    st.stop()
if not check.flagged.empty:
    st.warning(t("import.flagged", lang, values=number(len(check.flagged), lang)))
    st.dataframe(check.flagged.rename(columns=report_columns), hide_index=True, width="stretch")
if not check.ok:
    st.error(t("import.problems", lang, problems=number(len(check.rejected), lang)))
    st.dataframe(check.rejected.rename(columns=report_columns), hide_index=True, width="stretch")
    st.download_button(t("import.rejection_report", lang), csv_bytes(check.rejected),
                       file_name=f"ditolak_{upload.name}.csv", mime="text/csv", key="rejections_csv", on_click="ignore")
    if st.button(t("import.log_rejections", lang), key="log_rejections"):
        jobs.submit_import(cache.database_path(), data, upload.name, kind_name, replace, log_rejections=True)
        st.rerun()                     # the page returns at once; the writer's job shows above
    st.stop()

st.success(t("import.all_pass", lang, rows=number(row_count, lang)))
# Storing is the writer's job (a new published version); the page returns at once and shows its status.
if st.button(t("import.store", lang), type="primary", key="import_confirm"):
    jobs.submit_import(cache.database_path(), data, upload.name, kind_name, replace)
    st.rerun()
