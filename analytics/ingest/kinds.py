"""The six report kinds: their template columns, the pandera schema of their parsed rows, their
key, the table they fill, and how references (members, groups, offtakers) are resolved."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandera.pandas as pa

from analytics.demo.catalogue import CHANNELS, COMMODITIES


@dataclass(frozen=True)
class Column:
    name: str                   # template header (Bahasa Indonesia)
    aliases: tuple[str, ...]    # other accepted headers (English, older forms)
    kind: str                   # text, int, decimal, rupiah, month, date, region, nik, choice
    required: bool
    doc_id: str
    doc_en: str
    example: str
    options: dict[str, str] | None = None


@dataclass(frozen=True)
class Kind:
    name: str
    title_id: str
    title_en: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]        # parsed columns that identify a row (duplicates, replace)
    table: str
    schema: Callable[[], pa.DataFrameSchema]
    one_of: tuple[str, ...] = ()   # at least one of these columns must be present

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _choices_commodity() -> dict[str, str]:
    out = {}
    for c in COMMODITIES:
        for spelling in (c.code, c.name_id, c.name_en, c.code.replace("_", " ")):
            out[spelling.lower()] = c.code
    return out


def _choices_channel() -> dict[str, str]:
    out = {}
    for code, (name_id, name_en) in CHANNELS.items():
        for spelling in (code, code.replace("_", " "), name_id, name_en):
            out[spelling.lower()] = code
    out.update({"online": "daring", "marketplace": "daring"})
    return out


SEX = {"l": "L", "laki-laki": "L", "laki laki": "L", "m": "L", "male": "L",
       "p": "P", "perempuan": "P", "f": "P", "female": "P", "w": "P", "wanita": "P"}

NONNEGATIVE = "tidak boleh negatif / must not be negative"


def _money(name: str, required: bool = True) -> pa.Column:
    return pa.Column("Int64", pa.Check.ge(0, error=f"{name}: {NONNEGATIVE}"), nullable=not required)


def _schema_income() -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "pendapatan": pa.Column("Int64", pa.Check.ge(0, error="pendapatan negatif / negative income")),
        "jumlah_art": pa.Column("Int64", pa.Check.in_range(1, 30, error="jumlah anggota rumah tangga harus 1-30 / household size must be 1-30"),
                                nullable=True),
    })


def _schema_groups() -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "kode_kube": pa.Column("Int64", pa.Check.gt(0, error="kode KUBE harus > 0 / group code must be > 0")),
        "dana_bantuan": _money("dana_bantuan", required=False),
        "tahap": pa.Column("Int64", pa.Check.in_range(1, 10, error="tahap 1-10 / stage 1-10"), nullable=True),
    })


def _schema_members() -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "jumlah_art": pa.Column("Int64", pa.Check.in_range(1, 30, error="jumlah anggota rumah tangga harus 1-30 / household size must be 1-30")),
    })


def _schema_business() -> pa.DataFrameSchema:
    return pa.DataFrameSchema({c: _money(c) for c in ("omzet", "biaya", "tabungan", "iks")})


def _schema_sales() -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "jumlah": pa.Column(float, pa.Check.ge(0, error=f"jumlah: {NONNEGATIVE}")),
        "nilai": _money("nilai"),
    })


_schema_orders = _schema_sales

MEMBER_REF = (Column("anggota", ("member", "pseudonym", "nama_samaran"), "text", False,
                     "Nama samaran anggota (dari Pantau KUBE), atau kolom nik", "Member pseudonym, or a nik column",
                     "AGT-0000123"),
              Column("nik", ("no_nik", "nomor_induk_kependudukan"), "nik", False,
                     "NIK 16 digit (disimpan hanya sebagai hash)", "16-digit NIK (stored only as a hash)",
                     "7201014107900003"))
GROUP_REF = Column("kode_kube", ("kube", "kube_id", "group", "group_id"), "int", True,
                   "Kode KUBE (angka)", "Group code (number)", "1024")
MONTH = Column("bulan", ("month", "periode"), "month", True, "Bulan laporan", "Month reported", "Feb 2019")

KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("income", "Pendapatan bulanan anggota", "Members' monthly income", (
        *MEMBER_REF, MONTH,
        Column("pendapatan", ("income", "pendapatan_rumah_tangga"), "rupiah", True,
               "Pendapatan rumah tangga bulan itu (rupiah)", "Household income that month (rupiah)", "Rp 1.500.000"),
        Column("jumlah_art", ("household_size",), "int", False, "Jumlah anggota rumah tangga bulan itu",
               "Household size that month", "4"),
        Column("tanggal_lapor", ("reported_on",), "date", False, "Tanggal laporan dibuat", "Date reported", "05/03/2019"),
    ), ("member_id", "bulan"), "member_income", _schema_income, one_of=("anggota", "nik")),
    Kind("groups", "Kelompok (KUBE)", "Groups (KUBE)", (
        GROUP_REF,
        Column("nama", ("name", "nama_kube"), "text", True, "Nama KUBE", "Group name", "KUBE Maju Bersama"),
        Column("wilayah", ("kabupaten", "kabupaten_kota", "regency", "kode_wilayah"), "region", True,
               "Kabupaten/kota: kode Kemendagri (72.01), kode BPS, atau nama (Kab. Banggai)",
               "Regency: Kemendagri code (72.01), BPS code or name (Kab. Banggai)", "Kab. Banggai"),
        Column("tanggal_bentuk", ("formed_on", "tanggal_dibentuk"), "date", True, "Tanggal KUBE dibentuk",
               "Date formed", "15/07/2021"),
        Column("komoditas", ("commodity",), "choice", True, "Komoditas utama", "Main commodity", "kelapa",
               options=_choices_commodity()),
        Column("jenis_usaha", ("business_type",), "text", True, "Jenis usaha", "Business type", "pengolahan"),
        Column("pendamping", ("facilitator", "facilitator_id"), "int", False, "Kode pendamping", "Facilitator code", "17"),
        Column("rantai_nilai", ("chain", "chain_id"), "int", False, "Kode rantai nilai (bila ikut)",
               "Value chain code (if any)", "1"),
        Column("tahap", ("stage", "stage_no"), "int", False, "Tahap dalam rantai nilai (1 = hulu)",
               "Stage in the chain (1 = upstream)", "2"),
        Column("dana_bantuan", ("grant", "grant_rupiah"), "rupiah", False, "Dana bantuan (rupiah)", "Grant (rupiah)",
               "Rp 20.000.000"),
    ), ("kode_kube",), "kube", _schema_groups),
    Kind("members", "Anggota", "Members", (
        Column("nik", ("no_nik", "nomor_induk_kependudukan"), "nik", True,
               "NIK 16 digit kepala rumah tangga (disimpan hanya sebagai hash dan bentuk tersamar)",
               "16-digit NIK of the household head (stored only as a hash and a masked form)", "7201014107900003"),
        GROUP_REF,
        Column("tanggal_gabung", ("joined_on", "tanggal_bergabung"), "date", True, "Tanggal bergabung",
               "Date joined", "01/08/2021"),
        Column("tanggal_keluar", ("exited_on",), "date", False, "Tanggal keluar (bila keluar)", "Date exited (if any)", ""),
        Column("jumlah_art", ("household_size",), "int", True, "Jumlah anggota rumah tangga", "Household size", "4"),
        Column("jenis_kelamin_kepala", ("head_sex", "jenis_kelamin"), "choice", False, "Jenis kelamin kepala rumah tangga (L/P)",
               "Sex of the household head (L/P)", "P", options=SEX),
    ), ("nik_hash",), "members", _schema_members),
    Kind("business", "Laporan usaha kelompok", "Group business reports", (
        GROUP_REF, MONTH,
        Column("omzet", ("revenue", "revenue_rupiah", "pendapatan_usaha"), "rupiah", True, "Omzet (rupiah)", "Revenue (rupiah)", "Rp 4.500.000"),
        Column("biaya", ("cost", "cost_rupiah"), "rupiah", True, "Biaya (rupiah)", "Costs (rupiah)", "Rp 3.100.000"),
        Column("tabungan", ("savings", "savings_rupiah"), "rupiah", True, "Tabungan kelompok bulan itu", "Group savings added", "Rp 250.000"),
        Column("iks", ("iks_rupiah",), "rupiah", True, "Iuran Kesetiakawanan Sosial", "Social solidarity contribution", "Rp 50.000"),
    ), ("kode_kube", "bulan"), "kube_business", _schema_business),
    Kind("sales", "Penjualan", "Sales", (
        GROUP_REF, MONTH,
        Column("saluran", ("channel",), "choice", True, "Saluran pemasaran", "Marketing channel", "daring",
               options=_choices_channel()),
        Column("produk", ("product",), "text", True, "Produk", "Product", "minyak kelapa"),
        Column("jumlah", ("quantity",), "decimal", True, "Jumlah", "Quantity", "120"),
        Column("satuan", ("unit",), "text", True, "Satuan", "Unit", "liter"),
        Column("nilai", ("value", "value_rupiah"), "rupiah", True, "Nilai penjualan (rupiah)", "Sales value (rupiah)", "Rp 3.600.000"),
        Column("offtaker", ("offtaker_id", "pembeli"), "int", False, "Kode offtaker (bila ada)", "Offtaker code (if any)", ""),
    ), ("kode_kube", "bulan", "saluran", "produk"), "sales", _schema_sales),
    Kind("orders", "Pesanan offtaker", "Offtaker orders", (
        Column("offtaker", ("offtaker_id", "pembeli"), "int", True, "Kode offtaker", "Offtaker code", "3"),
        MONTH,
        Column("produk", ("product",), "text", True, "Produk", "Product", "arang tempurung"),
        Column("jumlah", ("quantity",), "decimal", True, "Jumlah", "Quantity", "2.500"),
        Column("satuan", ("unit",), "text", True, "Satuan", "Unit", "kg"),
        Column("nilai", ("value", "value_rupiah"), "rupiah", True, "Nilai pesanan (rupiah)", "Order value (rupiah)", "Rp 17.500.000"),
    ), ("offtaker", "bulan", "produk"), "orders", _schema_orders),
)}
