"""Labels in Bahasa Indonesia (first) and English."""
from __future__ import annotations

LANGUAGES = ("id", "en")

LABELS: dict[str, tuple[str, str]] = {
    "app_title": ("Pantau KUBE", "Pantau KUBE"),
    "app_subtitle": ("Pendapatan anggota KUBE menuju pendapatan tetap dan kemandirian ekonomi",
                     "KUBE members' income on the way to a steady income and economic independence"),
    "language": ("Bahasa", "Language"),
    "synthetic_banner": ("DATA SINTETIS: angka di dasbor ini dibuat oleh generator data demo, bukan laporan nyata.",
                         "SYNTHETIC DATA: the figures in this dashboard come from the demo data generator, not real reports."),
    "no_database": ("Belum ada basis data di {path}.", "There is no database at {path} yet."),
    "no_database_help": ("Buat basis data demo dengan `make run` atau `python -m analytics demo`, "
                         "atau impor laporan bulanan dengan `python -m analytics import`.",
                         "Create the demo database with `make run` or `python -m analytics demo`, "
                         "or import monthly reports with `python -m analytics import`."),
    "page_overview": ("Ringkasan", "Overview"),
    "members": ("Anggota terdaftar (rumah tangga)", "Registered members (households)"),
    "members_help": ("Rumah tangga anggota KUBE yang terdaftar (sejak awal program).",
                     "Member households registered (since the programme began)."),
    "groups": ("Kelompok KUBE", "KUBE groups"),
    "facilitators": ("Pendamping (orang)", "Facilitators (people)"),
    "provinces_covered": ("Provinsi terjangkau", "Provinces covered"),
    "regencies_covered": ("Kabupaten/kota terjangkau", "Regencies/cities covered"),
    "of_total": ("dari {total}", "of {total}"),
    "latest_month": ("Data sampai", "Data as of"),
    "latest_month_help": ("Bulan terakhir dengan laporan pendapatan.", "The latest month with income reports."),
    "income_reports": ("Laporan pendapatan bulanan", "Monthly income reports"),
    "f_province": ("Provinsi", "Province"),
    "f_regency": ("Kabupaten/kota", "Regency/city"),
    "f_commodity": ("Komoditas", "Commodity"),
    "f_chain": ("Rantai nilai", "Value chain"),
    "f_facilitator": ("Pendamping", "Facilitator"),
    "f_cohort": ("Angkatan (tahun bergabung)", "Cohort (year joined)"),
    "f_period": ("Periode (bulan)", "Period (month)"),
    "policy": ("Parameter kebijakan", "Policy parameters"),
    "policy_help": ("Ambang yang menentukan status. Perubahan dihitung ulang sekali lalu disimpan.",
                    "Thresholds that decide a status. A change is computed once, then kept."),
    "p_cv": ("Stabil: koefisien variasi maksimum", "Steady: maximum coefficient of variation"),
    "p_stabil": ("Stabil: bulan berturut-turut dilaporkan ≥ garis", "Steady: consecutive months reported ≥ line"),
    "p_mandiri": ("Mandiri: bulan stabil berturut-turut", "Independent: consecutive steady months"),
    "p_acuan": ("Mandiri: acuan pendapatan rumah tangga", "Independent: household income benchmark"),
    "p_acuan_ump": ("UMP provinsi", "provincial minimum wage (UMP)"),
    "p_acuan_line": ("1,5 × garis kemiskinan rumah tangga", "1.5 × household poverty line"),
    "p_lapor": ("Laporan minimum dalam 3 bulan", "Minimum reports in 3 months"),
    "policy_caption": ("Ambang: Stabil = {steady} bulan ≥ garis kemiskinan BPS provinsi dan KV ≤ {cv}; "
                       "Mandiri = stabil {indep} bulan dan pendapatan ≥ {bench}.",
                       "Thresholds: Steady = {steady} months ≥ the provincial BPS poverty line and CV ≤ {cv}; "
                       "Independent = steady {indep} months and income ≥ {bench}."),
    "page_map": ("Peta", "Map"),
    "page_region": ("Profil Wilayah", "Region profile"),
    "page_groups": ("Kelompok & Anggota", "Groups & members"),
    "page_facilitators": ("Pendamping", "Facilitators"),
    "page_chains": ("Rantai Nilai & Pasar", "Value chains & markets"),
    "page_method": ("Metodologi", "Method"),
    "page_impact": ("Dampak Program", "Programme impact"),
    "page_import": ("Impor Data", "Data import"),
    "page_quality": ("Kualitas Data", "Data quality"),
    "empty": ("Tidak ada data untuk pilihan filter ini. Ubah atau hapus filter di panel kiri.",
              "No data for this choice of filters. Change or clear the filters on the left."),
    "source_caption": ("Sumber: basis data Pantau KUBE, laporan bulanan sampai {month}.",
                       "Source: Pantau KUBE database, monthly reports up to {month}."),
    "counts_caption": ("Jumlah kumulatif sejak awal program sampai {month}. Sumber: basis data Pantau KUBE.",
                       "Cumulative counts since the programme began, up to {month}. Source: Pantau KUBE database."),
}


def t(key: str, lang: str = "id", **values: object) -> str:
    """The label `key` in `lang`, with `{placeholders}` filled."""
    text = LABELS[key][LANGUAGES.index(lang)]
    return text.format(**values) if values else text


def chooser(lang: str):
    """`L("teks", "text")`: the inline label in `lang`, for labels used in one place only."""
    return lambda id_text, en_text: id_text if lang == "id" else en_text
