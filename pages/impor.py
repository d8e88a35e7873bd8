"""Impor Data (data import): template, upload, preview, validation report, confirm, result."""
import hashlib

import pandas as pd
import streamlit as st

from analytics import app_cache
from analytics.export.tables import csv_bytes
from analytics.ingest.engine import import_bytes, template_bytes
from analytics.ingest.nik import redact
from analytics.ingest.read import ReportFileError, read_bytes
from analytics.ingest.kinds import KINDS
from analytics.formatting import number
from analytics.i18n import chooser, t
from analytics.store import StoreError

v = app_cache.view()
lang, con = v.lang, app_cache.cursor()
L = chooser(lang)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

st.title(t("page_import", lang))
st.caption(L("Laporan bulanan masuk utuh atau tidak sama sekali. Impor ulang file yang sama tidak mengubah apa pun.",
             "A report file goes in whole or not at all. Importing the same file again changes nothing."))

kind_name = st.selectbox(L("Jenis laporan", "Report kind"), list(KINDS),
                         format_func=lambda k: KINDS[k].title_id if lang == "id" else KINDS[k].title_en, key="import_kind")
kind = KINDS[kind_name]

with st.expander(L("Templat dan kolom", "Template and columns"), expanded=False):
    cols = st.columns(2)
    cols[0].download_button(L("Templat CSV", "CSV template"), template_bytes(kind_name, "csv"),
                            file_name=f"templat_{kind_name}.csv", mime="text/csv", key="tpl_csv", on_click="ignore")
    cols[1].download_button(L("Templat XLSX", "XLSX template"), data=lambda: template_bytes(kind_name, "xlsx"),
                            file_name=f"templat_{kind_name}.xlsx", mime=XLSX, key="tpl_xlsx", on_click="ignore")
    st.dataframe(pd.DataFrame({
        L("Kolom", "Column"): [c.name for c in kind.columns],
        L("Wajib", "Required"): [L("ya", "yes") if c.required else "" for c in kind.columns],
        L("Isi", "Content"): [c.doc_id if lang == "id" else c.doc_en for c in kind.columns],
        L("Contoh", "Example"): [c.example for c in kind.columns],
        L("Nama lain yang diterima", "Also accepted"): [", ".join(c.aliases) for c in kind.columns],
    }), hide_index=True, width="stretch")
    st.caption(L("CSV (koma atau titik koma; UTF-8, UTF-8 BOM atau Latin-1) atau XLSX. Rupiah: 'Rp 1.500.000', "
                 "'1.500.000' atau '1500000'. Bulan: '2019-02', 'Feb 2019', 'Februari 2019'. Tanggal: '28/02/2019' "
                 "atau '2019-02-28'. Wilayah: kode Kemendagri (72.01), kode BPS, atau nama ('Kab. Banggai').",
                 "CSV (comma or semicolon; UTF-8, UTF-8 BOM or Latin-1) or XLSX. Rupiah: 'Rp 1.500.000', "
                 "'1.500.000' or '1500000'. Months: '2019-02', 'Feb 2019', 'Februari 2019'. Dates: '28/02/2019' or "
                 "'2019-02-28'. Regions: Kemendagri code (72.01), BPS code, or name ('Kab. Banggai')."))

upload = st.file_uploader(L("File laporan", "Report file"), type=["csv", "xlsx"], key=f"upload_{kind_name}")
if upload is None:
    st.info(L("Pilih file untuk melihat pratinjau dan pemeriksaan sebelum disimpan.",
              "Choose a file to see a preview and the checks before anything is stored."))
    st.stop()

data = upload.getvalue()
digest = hashlib.sha256(data).hexdigest()
# Read once per file (a large file takes seconds), not on every rerun; NIK shown masked only.
if st.session_state.get("import_preview", (None,))[0] != digest:
    try:
        raw = read_bytes(data, upload.name)
    except ReportFileError as exc:
        st.error(L("File tidak dapat dibaca: ", "The file cannot be read: ") + str(exc))
        st.stop()
    nik_headers = {h for k in KINDS.values() for c in k.columns if c.kind == "nik" for h in (c.name, *c.aliases)}
    preview = raw.head(10).copy()
    for header in nik_headers & set(preview.columns):
        preview[header] = preview[header].map(redact)
    st.session_state["import_preview"] = (digest, len(raw), preview)
_, row_count, preview = st.session_state["import_preview"]

st.subheader(L("Pratinjau", "Preview"))
st.caption(L(f"{number(row_count, lang)} baris; 10 baris pertama (nomor baris seperti di spreadsheet).",
             f"{number(row_count, lang)} rows; the first 10 (row numbers as in the spreadsheet)."))
st.dataframe(preview, width="stretch")

replace = st.checkbox(L("Ganti data yang sudah tersimpan untuk baris yang sama (nilai lama tetap di log audit)",
                        "Replace stored data for the same rows (old values stay in the audit log)"), key="import_replace")
# The checks run once per file, kind and mode (a large file takes seconds), not on every rerun.
check_key = (digest, kind_name, replace, app_cache.db_key())
if st.session_state.get("import_check", (None,))[0] != check_key:
    try:
        st.session_state["import_check"] = (check_key, import_bytes(con, data, upload.name, kind_name,
                                                                    replace=replace, dry_run=True))
    except ReportFileError as exc:
        st.error(str(exc))
        st.stop()
check = st.session_state["import_check"][1]

st.subheader(L("Pemeriksaan", "Checks"))
if check.already_imported:
    st.success(L(f"File ini sudah diimpor (batch {check.batch_id}); tidak ada yang berubah.",
                 f"This file was already imported (batch {check.batch_id}); nothing changes."))
    st.stop()
if not check.flagged.empty:
    st.warning(L(f"{len(check.flagged)} nilai tidak wajar akan disimpan dan ditandai untuk diperiksa.",
                 f"{len(check.flagged)} implausible values will be stored and flagged for review."))
    st.dataframe(check.flagged, hide_index=True, width="stretch")
if not check.ok:
    st.error(L(f"{len(check.rejected)} masalah: tidak ada yang akan disimpan sampai file diperbaiki.",
               f"{len(check.rejected)} problems: nothing will be stored until the file is fixed."))
    st.dataframe(check.rejected.rename(columns={"row": L("baris", "row"), "column": L("kolom", "column"),
                                                "value": L("nilai", "value"), "reason": L("alasan", "reason")}),
                 hide_index=True, width="stretch")
    st.download_button(L("Unduh laporan penolakan (CSV)", "Download the rejection report (CSV)"),
                       csv_bytes(check.rejected), file_name=f"ditolak_{upload.name}.csv", mime="text/csv",
                       key="rejections_csv", on_click="ignore")
    if st.button(L("Catat penolakan ini di Kualitas Data", "Log these rejections on Data quality"), key="log_rejections"):
        import_bytes(con, data, upload.name, kind_name, replace=replace)
        st.toast(L("Dicatat.", "Logged."))
    st.stop()

st.success(L(f"Semua {number(row_count, lang)} baris lolos pemeriksaan.", f"All {number(row_count, lang)} rows pass the checks."))
if st.button(L("Simpan ke basis data", "Store in the database"), type="primary", key="import_confirm"):
    try:
        with st.spinner(L("Menyimpan dan menghitung ulang indikator...", "Storing and recomputing the figures...")):
            result = import_bytes(con, data, upload.name, kind_name, replace=replace)
    except StoreError as exc:
        st.error(str(exc))
        st.stop()
    st.session_state.pop("import_check", None)
    if result.ok and result.batch_id:
        st.cache_data.clear()          # every figure is recomputed from the new data
        st.success(L(f"Tersimpan sebagai batch {result.batch_id}: {result.inserted} baris baru, {result.replaced} diganti "
                     "(nilai lama di log audit). Indikator sudah diperbarui.",
                     f"Stored as batch {result.batch_id}: {result.inserted} new rows, {result.replaced} replaced "
                     "(old values in the audit log). Figures are up to date."))
    elif result.already_imported:
        st.info(L("File ini sudah diimpor; tidak ada yang berubah.", "Already imported; nothing changed."))
    else:
        st.error(L("Ditolak; tidak ada yang disimpan.", "Rejected; nothing was stored."))
        st.dataframe(result.rejected, hide_index=True)
