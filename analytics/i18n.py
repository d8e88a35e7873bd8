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
    "counts_caption": ("Jumlah kumulatif sejak awal program sampai {month}. Sumber: basis data Pantau KUBE.",
                       "Cumulative counts since the programme began, up to {month}. Source: Pantau KUBE database."),
}


def t(key: str, lang: str = "id", **values: object) -> str:
    """The label `key` in `lang`, with `{placeholders}` filled."""
    text = LABELS[key][LANGUAGES.index(lang)]
    return text.format(**values) if values else text
