"""Metodologi (method): definitions, thresholds in force, sources, the reference tables in use."""
import streamlit as st

from analytics import app_cache
from analytics.app_frame import policy_caption
from analytics.config import ROOT
from analytics.formatting import rupiah
from analytics.i18n import chooser, t

v = app_cache.view()
lang, con, key = v.lang, app_cache.cursor(), app_cache.db_key()
L = chooser(lang)

st.title(t("page_method", lang))
st.info(policy_caption(v.policy, lang))
st.markdown(L("""
**Status setiap anggota pada akhir setiap bulan** (bulan tanpa laporan tetap kosong, tidak pernah nol):
1. **Mandiri**: Stabil di setiap 12 bulan terakhir dan rata-rata pendapatan rumah tangga ≥ UMP provinsi.
2. **Stabil** (pendapatan tetap): 6 bulan terakhir semuanya dilaporkan, semua ≥ garis kemiskinan, koefisien variasi ≤ 0,30.
3. **Tidak cukup data**: kurang dari 2 laporan dalam 3 bulan terakhir.
4. **Miskin**: rata-rata rasio pendapatan per kapita terhadap garis kemiskinan BPS provinsi dalam 3 bulan terakhir < 1.
5. **Rentan**: selain itu.

Garis kemiskinan: garis terbaru yang terbit pada atau sebelum bulan itu untuk provinsi anggota; jika belum ada,
garis nasional dan angka ditandai. Rincian dan contoh: `docs/metrics.md`.
""", """
**Each member's status at each month end** (months without a report stay empty, never zero):
1. **Independent**: Steady in each of the last 12 months and mean household income ≥ the provincial minimum wage.
2. **Steady** (permanent income): the last 6 months all reported, all ≥ the poverty line, coefficient of variation ≤ 0.30.
3. **Insufficient data**: fewer than 2 reports in the last 3 months.
4. **Poor**: mean ratio of per-capita income to the provincial BPS poverty line over the last 3 months < 1.
5. **Vulnerable**: otherwise.

Poverty line: the latest line published at or before the month for the member's province; where none exists
yet, the national line, and the figure is flagged. Details and worked examples: `docs/metrics.md`.
"""))
with st.expander(L("Definisi lengkap (docs/metrics.md)", "Full definitions (docs/metrics.md)")):
    st.markdown((ROOT / "docs" / "metrics.md").read_text(encoding="utf-8"))
st.markdown(L("""
**Dampak program** (halaman Dampak): imputasi dua tahap (Gardner; Borusyak, Jaravel & Spiess). Bulan sebelum
bergabung memberi perkiraan pendapatan tanpa program (efek tetap kelompok dan bulan kalender); dampak = pendapatan
setelah bergabung dikurangi perkiraan itu, menurut bulan sejak bergabung (-12 sampai +36), selang kepercayaan 95%,
galat baku dikelompokkan per KUBE. Diuji sama dengan `pyfixest` dan menemukan kembali efek yang ditanam di data demo.

**Pengendalian pengungkapan**: angka tentang kurang dari 5 anggota tidak ditampilkan ("< 5") di peta, tabel dan
semua ekspor. **NIK** tidak pernah disimpan atau ditampilkan utuh: hanya hash berkunci dan bentuk tersamar.
""", """
**Programme impact** (Impact page): two-stage imputation (Gardner; Borusyak, Jaravel & Spiess). Months before
joining give the no-programme income (group and calendar-month fixed effects); the effect = income after joining
minus that, by months since joining (-12 to +36), 95% confidence intervals, standard errors clustered by KUBE.
Tested equal to `pyfixest` and recovering the effect planted in the demo data.

**Disclosure control**: figures about fewer than 5 members are not shown ("< 5") on maps, tables and every
export. **NIK** is never stored or shown in full: only a keyed hash and a masked form.
"""))
with st.expander(L("Metode dampak (docs/impact.md)", "Impact method (docs/impact.md)")):
    st.markdown((ROOT / "docs" / "impact.md").read_text(encoding="utf-8"))
tables = app_cache.table(con, key, "reference_tables")
for kind, title in (("poverty_line", L("Garis kemiskinan BPS (rupiah per kapita per bulan)", "BPS poverty lines (rupiah per capita per month)")),
                    ("minimum_wage", L("Upah minimum provinsi (rupiah per bulan)", "Provincial minimum wages (rupiah per month)"))):
    st.subheader(title)
    part = tables[tables["kind"] == kind]
    st.dataframe(part.assign(rupiah=[rupiah(x, lang) for x in part["rupiah"]])
                 [["province_code", "province", "period", "rupiah", "source"]].rename(columns={
                     "province_code": L("Kode", "Code"), "province": L("Provinsi", "Province"),
                     "period": L("Periode", "Period"), "rupiah": "Rupiah", "source": L("Sumber", "Source")}),
                 hide_index=True, width="stretch", height=300)
