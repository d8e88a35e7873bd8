"""Dampak (impact): the effect of joining a group on income, by months since joining."""
import pandas as pd
import streamlit as st

from analytics import app_cache
from analytics.app_export import chart
from analytics.app_frame import commodity_label, policy_caption
from analytics.charts.impact import UNITS, event_study, scale
from analytics.formatting import number, rupiah
from analytics.i18n import chooser, t

v = app_cache.view()
lang, con, key = v.lang, app_cache.cursor(), app_cache.db_key()
L = chooser(lang)
names = app_cache.choices(con, key)
place = app_cache.place_name(v)

st.title(t("page_impact", lang))
st.caption(L("Berapa pendapatan anggota berubah karena bergabung dengan KUBE, dibandingkan dengan anggota yang belum "
             "bergabung pada bulan yang sama.",
             "How members' income changed because they joined a KUBE, compared with members who had not yet "
             "joined in the same month."))

OUTCOME_LABELS = {
    "pl_ratio": L("Rasio pendapatan per kapita terhadap garis kemiskinan", "Per-capita income relative to the poverty line"),
    "per_capita": L("Pendapatan per kapita (Rp per bulan)", "Per-capita income (Rp per month)"),
    "above_line": L("Peluang berada di atas garis kemiskinan", "Probability of being above the poverty line"),
}
outcome = st.radio(L("Ukuran", "Outcome"), list(OUTCOME_LABELS), format_func=OUTCOME_LABELS.get,
                   horizontal=True, key="impact_outcome")

with st.spinner(L("Menghitung dampak (skala nasional: hingga satu menit, sekali per pembaruan data)...",
                  "Estimating the impact (national scale: up to a minute, once per data update)...")):
    result = app_cache.impact(con, key, v.policy, None if v.region == "00" else v.region, v.filters)
if result.error or outcome not in result.studies:
    st.info(L("Dampak tidak dapat dihitung untuk pilihan ini: tidak ada anggota dengan laporan sebelum dan "
              "sesudah bergabung.", "The impact cannot be estimated for this selection: no members with reports "
                                    "before and after joining."))
    st.stop()

study = result.studies[outcome]
k = scale(outcome)
unit = L(*UNITS[outcome])


def shown(value: float) -> str:
    if outcome == "per_capita":
        return rupiah(value, lang)
    return number(value * k, lang, 1 if outcome == "above_line" else 3)


o = study.overall
cols = st.columns(3)
cols[0].metric(L("Dampak rata-rata, bulan 0 sampai 36", "Average effect, months 0 to 36"), shown(o["estimate"]),
               help=L(f"Dalam {unit}. Selang kepercayaan 95%: {shown(o['ci_low'])} sampai {shown(o['ci_high'])}.",
                      f"In {unit}. 95% confidence interval: {shown(o['ci_low'])} to {shown(o['ci_high'])}."))
cols[1].metric(L("Rata-rata sebelum bergabung", "Mean before joining"), shown(study.baseline_mean),
               help=L("Untuk skala: nilai ukuran ini pada bulan-bulan sebelum anggota bergabung.",
                      "For scale: this outcome in the months before members joined."))
cols[2].metric(L("Kelompok / laporan bulanan", "Groups / monthly reports"),
               f"{number(study.groups, lang)} / {number(study.reports, lang)}")
st.caption(L(f"Selang kepercayaan 95%: {shown(o['ci_low'])} sampai {shown(o['ci_high'])} ({unit}).",
             f"95% confidence interval: {shown(o['ci_low'])} to {shown(o['ci_high'])} ({unit})."))

planted = None
if app_cache.synthetic(con, key):
    from analytics.impact.service import planted as planted_effect
    planted = planted_effect(con) if v.region == "00" and not v.filters.active() else None
fig = event_study(study.events, outcome, lang, OUTCOME_LABELS[outcome] + L(": dampak menurut bulan sejak bergabung",
                                                                          ": effect by months since joining"),
                  f"{place}; {unit}; {L('perbandingan dengan anggota yang belum bergabung', 'against members not yet joined')}",
                  planted=planted)
chart(fig, study.events, f"dampak_{outcome}", v, "impact_chart",
      rupiah=("estimate", "se", "ci_low", "ci_high") if outcome == "per_capita" else ())
st.caption(policy_caption(v.policy, lang) + " " + L(
    f"Perhitungan: {number(result.seconds, lang, 1)} detik{' (tersimpan)' if result.cached else ''}.",
    f"Computed in {number(result.seconds, lang, 1)} s{' (cached)' if result.cached else ''}."))

st.markdown(L(
    "**Cara membaca.** Titik di sebelah kanan garis 0 adalah perkiraan dampak pada bulan ke-n setelah bergabung. "
    "Titik di area abu-abu (sebelum bergabung) adalah **pemeriksaan**: bila anggota yang bergabung dan yang belum "
    "bergabung memang sebanding, titik-titik ini berada di sekitar 0. Bila jauh dari 0, perbandingan ini kurang "
    "dapat dipercaya untuk wilayah atau pilihan ini.",
    "**How to read it.** Points right of 0 are the estimated effect n months after joining. Points in the grey "
    "area (before joining) are a **check**: if members who joined and those not yet joined are comparable, they "
    "sit around 0. If they are far from 0, the comparison is less trustworthy for this region or selection."))

with st.expander(L("Tabel hasil per bulan", "Results by month"), expanded=False):
    ev = study.events
    st.dataframe(pd.DataFrame({
        L("Bulan sejak bergabung", "Months since joining"): ev["event_time"],
        L("Dampak", "Effect"): [shown(x) for x in ev["estimate"]],
        L("Batas bawah 95%", "95% lower"): [shown(x) for x in ev["ci_low"]],
        L("Batas atas 95%", "95% upper"): [shown(x) for x in ev["ci_high"]],
        L("Laporan bulanan", "Monthly reports"): [number(x, lang) for x in ev["reports"]],
    }), hide_index=True, width="stretch")

BY_LABELS = {"province_code": L("Provinsi", "Province"), "commodity": L("Komoditas", "Commodity"),
             "in_chain": L("Anggota rantai nilai", "In a value chain"), "facilitator_id": L("Pendamping", "Facilitator")}


def subgroup_name(column: str, value) -> str:
    if column == "province_code":
        return names.provinces.get(value, value)
    if column == "commodity":
        return commodity_label(value, lang)
    if column == "in_chain":
        return L("Ya", "Yes") if value else L("Tidak", "No")
    return names.facilitators.get(int(value), str(value))


st.subheader(L("Dampak rata-rata menurut kelompok (bulan 0 sampai 36)", "Average effect by subgroup (months 0 to 36)"))
tabs = st.tabs([BY_LABELS[c] for c in study.by])
for tab, (column, table) in zip(tabs, study.by.items()):
    with tab:
        table = table[table["reports"] >= 5].sort_values("estimate", ascending=False)
        st.dataframe(pd.DataFrame({
            BY_LABELS[column]: [subgroup_name(column, x) for x in table[column]],
            L("Dampak", "Effect"): [shown(x) for x in table["estimate"]],
            L("Batas bawah 95%", "95% lower"): [shown(x) for x in table["ci_low"]],
            L("Batas atas 95%", "95% upper"): [shown(x) for x in table["ci_high"]],
            L("Laporan bulanan", "Monthly reports"): [number(x, lang) for x in table["reports"]],
        }), hide_index=True, width="stretch")
if "facilitator_id" not in study.by:
    st.caption(L("Dampak per pendamping tersedia setelah memilih provinsi atau kabupaten/kota.",
                 "Effects per facilitator appear once a province or regency is chosen."))

st.subheader(L("Catatan untuk pembaca", "Caveats"))
st.markdown(L(
    "- **Siapa yang bergabung tidak acak.** Perbandingan ini mengandalkan anggapan bahwa, tanpa KUBE, pendapatan "
    "anggota akan bergerak sejajar dengan pendapatan anggota yang bergabung belakangan. Pemeriksaan sebelum bergabung "
    "membantu, tetapi tidak membuktikannya.\n"
    "- **Anggota yang berhenti melapor** tidak ikut dihitung pada bulan-bulan itu. Bila kelompok yang gagal lebih "
    "sering berhenti melapor, dampak bisa tampak lebih besar daripada sebenarnya.\n"
    "- **Bulan jauh setelah bergabung** (24-36) bertumpu pada angkatan awal saja; selangnya lebih lebar.\n"
    "- Metode: *imputasi dua tahap* (Gardner; Borusyak, Jaravel & Spiess) dengan efek tetap kelompok dan bulan, "
    "galat baku dikelompokkan per KUBE. Rincian di halaman Metodologi dan `docs/impact.md`.",
    "- **Who joins is not random.** The comparison assumes that without KUBE, members' income would have moved in "
    "parallel with that of members who joined later. The before-joining check helps but does not prove it.\n"
    "- **Members who stop reporting** drop out of those months. If failing groups stop reporting more often, the "
    "effect may look larger than it is.\n"
    "- **Months long after joining** (24-36) rest on early cohorts only; their intervals are wider.\n"
    "- Method: *two-stage imputation* (Gardner; Borusyak, Jaravel & Spiess) with group and month fixed effects, "
    "standard errors clustered by KUBE. Details on the Method page and in `docs/impact.md`."))
