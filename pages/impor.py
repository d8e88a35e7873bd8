"""Impor Data (data import): template, upload, preview, validation report, confirm, result."""
import hashlib

import pandas as pd
import streamlit as st

from analytics.export.tables import csv_bytes
from analytics.formatting import number
from analytics.i18n import t
from analytics.ingest.engine import import_bytes, template_bytes
from analytics.ingest.kinds import KINDS
from analytics.ingest.read import ReportFileError, read_bytes
from analytics.ingest.settings import DEFAULT_SETTINGS
from analytics.reference_names import import_column_doc
from analytics.ui import cache, jobs
from analytics.ui.export import XLSX
from analytics.ui.state import choose
from analytics.urlstate import markdown_escape

FILE_TYPES = ("csv", "tsv", "txt", "xlsx", "xls", "ods")

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
limits = DEFAULT_SETTINGS
st.caption(t("import.limits", lang, mb=number(limits.max_file_mb, lang), rows=number(limits.max_rows, lang),
             unzipped=number(limits.xlsx_max_uncompressed_mb, lang)))

upload = st.file_uploader(t("import.file", lang), type=list(FILE_TYPES), key=f"upload_{kind_name}")
if upload is None:
    st.info(t("import.choose_file", lang))
    st.stop()

data = upload.getvalue()
digest = hashlib.sha256(data).hexdigest()
options = st.session_state.get("import_options", {}).get(digest, {})
replace = st.checkbox(t("import.replace", lang), key="import_replace")
# The checks run once per file, kind, mode, sheet and date order (a large file takes seconds).
check_key = (digest, kind_name, replace, options.get("sheet"), options.get("date_order"), cache.db_key())
if st.session_state.get("import_check", (None,))[0] != check_key:
    try:
        with st.spinner(t("import.checking", lang)):
            result = import_bytes(con, data, upload.name, kind_name, replace=replace, dry_run=True, **options)
            preview = read_bytes(data, upload.name, sheet=result.sheet).head(10)
        st.session_state["import_check"] = (check_key, result, preview)
    except ReportFileError as exc:
        st.error(t("import.unreadable", lang, reason=str(exc)))
        st.stop()
_, check, preview = st.session_state["import_check"]


def choose_option(name: str, value: object) -> None:
    st.session_state.setdefault("import_options", {}).setdefault(digest, {})[name] = value


if len(check.sheets) > 1:
    sheet = st.selectbox(t("import.sheet", lang), check.sheets, index=check.sheets.index(check.sheet)
                         if check.sheet in check.sheets else 0, key=f"sheet_{digest[:12]}")
    if sheet != check.sheet:
        choose_option("sheet", sheet)
        st.rerun()
if check.date_order_needed or options.get("date_order"):
    orders = ["dmy", "mdy"]
    order = st.radio(t("import.date_order", lang), orders, horizontal=True, key=f"order_{digest[:12]}",
                     index=orders.index(options["date_order"]) if options.get("date_order") in orders else None,
                     format_func=lambda o: t(f"import.order.{o}", lang))
    if order and order != options.get("date_order"):
        choose_option("date_order", order)
        st.rerun()

st.subheader(t("import.preview", lang))
st.caption(t("import.preview_caption", lang, rows=number(check.rows, lang)) + " "
           + (t("import.sheet_read", lang, sheet=check.sheet) if check.sheet else ""))
st.dataframe(preview, width="stretch")
if check.notices:
    with st.expander(t("import.how_read", lang), expanded=True):
        st.markdown("\n".join(f"- {markdown_escape(n)}" for n in check.notices))
if not check.skipped.empty:
    with st.expander(t("import.skipped", lang, rows=number(len(check.skipped), lang))):
        st.dataframe(check.skipped.rename(columns={"row": t("column.row", lang), "reason": t("column.reason", lang)}),
                     hide_index=True, width="stretch")

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
        jobs.submit_import(cache.database_path(), data, upload.name, kind_name, replace, log_rejections=True,
                           **options)
        st.rerun()                     # the page returns at once; the writer's job shows above
    st.stop()

st.success(t("import.all_pass", lang, rows=number(check.rows, lang)))
# Storing is the writer's job (a new published version); the page returns at once and shows its status.
if st.button(t("import.store", lang), type="primary", key="import_confirm"):
    jobs.submit_import(cache.database_path(), data, upload.name, kind_name, replace, **options)
    st.rerun()
