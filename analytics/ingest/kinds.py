"""The report kinds: their template columns (with the other headers people write), the pandera
schema of their parsed rows, their key, the table they fill, and which columns identify a row
(a row without any of them is not data: a title, a totals row, a signature). Code lists come
from the reference (`analytics.reference`), never from the demo generator."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandera.pandas as pa

from analytics.reference import channels, commodities, spellings


@dataclass(frozen=True)
class Column:
    name: str                   # template header (Bahasa Indonesia)
    aliases: tuple[str, ...]    # other accepted headers (English, older forms)
    kind: str                   # text, int, decimal, rupiah, month, date, region, province, nik, choice
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
    identity: tuple[str, ...] = ()  # columns that identify a row; a row with none of them is not data

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def header_map(self):
        """Header as written -> column name (case, spaces, units and aliases folded)."""
        from analytics.ingest.headers import HeaderMap
        return HeaderMap((c.name, c.aliases) for c in self.columns)


def _choices_commodity() -> dict[str, str]:
    return spellings(commodities())


def _choices_channel() -> dict[str, str]:
    return spellings(channels())


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

def _schema_poverty_lines() -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "garis_kemiskinan": pa.Column("Int64", pa.Check.in_range(50_000, 10_000_000, error=(
            "garis kemiskinan per kapita per bulan harus Rp50.000-Rp10.000.000 / the per-capita monthly line must be "
            "Rp50,000-Rp10,000,000"))),
        "rata_rata_art": pa.Column(float, pa.Check.in_range(1, 15, error="rata-rata anggota rumah tangga 1-15 / mean household size 1-15"),
                                   nullable=True),
    })


def _schema_minimum_wages() -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "tahun": pa.Column("Int64", pa.Check.in_range(2000, 2100, error="tahun 2000-2100 / year 2000-2100")),
        "ump": pa.Column("Int64", pa.Check.in_range(100_000, 50_000_000, error=(
            "UMP per bulan harus Rp100.000-Rp50.000.000 / the monthly minimum wage must be Rp100,000-Rp50,000,000"))),
    })


NIK_ALIASES = ("no_nik", "nomor_nik", "nik_kepala_keluarga", "nik_krt", "nik_kepala_rumah_tangga", "nomor_induk_kependudukan")
HOUSEHOLD = ("household_size", "jml_art", "jumlah_anggota_rumah_tangga", "jumlah_anggota_keluarga", "jumlah_jiwa", "art")
MEMBER_REF = (Column("anggota", ("member", "pseudonym", "nama_samaran", "kode_anggota", "id_anggota"), "text", False,
                     "Nama samaran anggota (dari Pantau KUBE), atau kolom nik", "Member pseudonym, or a nik column",
                     "AGT-0000123"),
              Column("nik", NIK_ALIASES, "nik", False,
                     "NIK 16 digit (disimpan hanya sebagai hash); sel berformat Teks", "16-digit NIK (stored only as a hash); "
                     "a Text cell", "7201014107900003"))
GROUP_REF = Column("kode_kube", ("kube", "kube_id", "group", "group_id", "kode_kelompok", "id_kube", "no_kube"), "int", True,
                   "Kode KUBE (angka)", "Group code (number)", "1024")
MONTH = Column("bulan", ("month", "periode", "bulan_laporan", "periode_laporan", "bulan_tahun"), "month", True,
               "Bulan laporan", "Month reported", "Feb 2019")
SOURCE = Column("sumber", ("source", "sumber_data", "referensi"), "text", True, "Sumber resmi (judul dan alamat)",
                "Official source (title and address)", "BPS, Berita Resmi Statistik Juli 2025 <https://www.bps.go.id>")
NOTES = Column("catatan", ("notes", "keterangan", "ket"), "text", False, "Catatan", "Notes", "")
PROVINCE = Column("provinsi", ("province", "kode_provinsi", "prov", "propinsi"), "province", True,
                  "Provinsi: kode (72), nama (Sulawesi Tengah) atau 00 / Indonesia untuk garis nasional",
                  "Province: code (72), name, or 00 / Indonesia for the national line", "Sulawesi Tengah")

KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("income", "Pendapatan bulanan anggota", "Members' monthly income", (
        *MEMBER_REF, MONTH,
        Column("pendapatan", ("income", "pendapatan_rumah_tangga", "pendapatan_bulanan", "penghasilan",
                              "penghasilan_rumah_tangga", "pendapatan_keluarga", "pendapatan_rt",
                              # 'Jumlah Pendapatan (Rp)', 'Total Penghasilan', 'Pendapatan/Bulan' as office forms head it
                              "jumlah_pendapatan", "total_pendapatan", "jumlah_penghasilan", "total_penghasilan",
                              "pendapatan_bulan", "penghasilan_bulan"), "rupiah", True,
               "Pendapatan rumah tangga bulan itu (rupiah)", "Household income that month (rupiah)", "Rp 1.500.000"),
        Column("jumlah_art", HOUSEHOLD, "int", False, "Jumlah anggota rumah tangga bulan itu",
               "Household size that month", "4"),
        Column("tanggal_lapor", ("reported_on", "tgl_lapor", "tanggal_laporan"), "date", False, "Tanggal laporan dibuat",
               "Date reported", "2019-03-05"),
    ), ("member_id", "bulan"), "member_income", _schema_income, one_of=("anggota", "nik"), identity=("anggota", "nik")),
    Kind("groups", "Kelompok (KUBE)", "Groups (KUBE)", (
        GROUP_REF,
        Column("nama", ("name", "nama_kube", "nama_kelompok"), "text", True, "Nama KUBE", "Group name", "KUBE Maju Bersama"),
        Column("wilayah", ("kabupaten", "kabupaten_kota", "kab_kota", "regency", "kode_wilayah", "kota"), "region", True,
               "Kabupaten/kota: kode Kemendagri (72.01), kode BPS, atau nama (Kab. Banggai)",
               "Regency: Kemendagri code (72.01), BPS code or name (Kab. Banggai)", "Kab. Banggai"),
        Column("tanggal_bentuk", ("formed_on", "tanggal_dibentuk", "tgl_bentuk", "tanggal_pembentukan"), "date", True,
               "Tanggal KUBE dibentuk", "Date formed", "2021-07-15"),
        Column("komoditas", ("commodity",), "choice", True, "Komoditas utama", "Main commodity", "kelapa",
               options=_choices_commodity()),
        Column("jenis_usaha", ("business_type", "usaha"), "text", True, "Jenis usaha", "Business type", "pengolahan"),
        Column("pendamping", ("facilitator", "facilitator_id", "kode_pendamping"), "int", False, "Kode pendamping",
               "Facilitator code", "17"),
        Column("rantai_nilai", ("chain", "chain_id", "kode_rantai_nilai"), "int", False, "Kode rantai nilai (bila ikut)",
               "Value chain code (if any)", "1"),
        Column("tahap", ("stage", "stage_no"), "int", False, "Tahap dalam rantai nilai (1 = hulu)",
               "Stage in the chain (1 = upstream)", "2"),
        Column("dana_bantuan", ("grant", "grant_rupiah", "bantuan_modal"), "rupiah", False, "Dana bantuan (rupiah)",
               "Grant (rupiah)", "Rp 20.000.000"),
    ), ("kode_kube",), "kube", _schema_groups, identity=("kode_kube",)),
    Kind("members", "Anggota", "Members", (
        Column("nik", NIK_ALIASES, "nik", True,
               "NIK 16 digit kepala rumah tangga (disimpan hanya sebagai hash dan bentuk tersamar); sel berformat Teks",
               "16-digit NIK of the household head (stored only as a hash and a masked form); a Text cell", "7201014107900003"),
        GROUP_REF,
        Column("tanggal_gabung", ("joined_on", "tanggal_bergabung", "tgl_gabung", "tgl_bergabung"), "date", True,
               "Tanggal bergabung", "Date joined", "2021-08-01"),
        Column("tanggal_keluar", ("exited_on", "tgl_keluar"), "date", False, "Tanggal keluar (bila keluar)",
               "Date exited (if any)", ""),
        Column("jumlah_art", HOUSEHOLD, "int", True, "Jumlah anggota rumah tangga", "Household size", "4"),
        Column("jenis_kelamin_kepala", ("head_sex", "jenis_kelamin", "jk", "l_p"), "choice", False,
               "Jenis kelamin kepala rumah tangga (L/P)", "Sex of the household head (L/P)", "P", options=SEX),
    ), ("nik_hash",), "members", _schema_members, identity=("nik",)),
    Kind("business", "Laporan usaha kelompok", "Group business reports", (
        GROUP_REF, MONTH,
        Column("omzet", ("revenue", "revenue_rupiah", "pendapatan_usaha", "omset"), "rupiah", True, "Omzet (rupiah)",
               "Revenue (rupiah)", "Rp 4.500.000"),
        Column("biaya", ("cost", "cost_rupiah", "biaya_usaha"), "rupiah", True, "Biaya (rupiah)", "Costs (rupiah)",
               "Rp 3.100.000"),
        Column("tabungan", ("savings", "savings_rupiah"), "rupiah", True, "Tabungan kelompok bulan itu",
               "Group savings added", "Rp 250.000"),
        Column("iks", ("iks_rupiah", "iuran_kesetiakawanan_sosial"), "rupiah", True, "Iuran Kesetiakawanan Sosial",
               "Social solidarity contribution", "Rp 50.000"),
    ), ("kode_kube", "bulan"), "kube_business", _schema_business, identity=("kode_kube",)),
    Kind("sales", "Penjualan", "Sales", (
        GROUP_REF, MONTH,
        Column("saluran", ("channel", "saluran_pemasaran"), "choice", True, "Saluran pemasaran", "Marketing channel",
               "daring", options=_choices_channel()),
        Column("produk", ("product",), "text", True, "Produk", "Product", "minyak kelapa"),
        Column("jumlah", ("quantity", "volume"), "decimal", True, "Jumlah", "Quantity", "120"),
        Column("satuan", ("unit",), "text", True, "Satuan", "Unit", "liter"),
        Column("nilai", ("value", "value_rupiah", "nilai_penjualan"), "rupiah", True, "Nilai penjualan (rupiah)",
               "Sales value (rupiah)", "Rp 3.600.000"),
        Column("offtaker", ("offtaker_id", "pembeli", "kode_offtaker"), "int", False, "Kode offtaker (bila ada)",
               "Offtaker code (if any)", ""),
    ), ("kode_kube", "bulan", "saluran", "produk"), "sales", _schema_sales, identity=("kode_kube",)),
    Kind("orders", "Pesanan offtaker", "Offtaker orders", (
        Column("offtaker", ("offtaker_id", "pembeli", "kode_offtaker"), "int", True, "Kode offtaker", "Offtaker code", "3"),
        MONTH,
        Column("produk", ("product",), "text", True, "Produk", "Product", "arang tempurung"),
        Column("jumlah", ("quantity", "volume"), "decimal", True, "Jumlah", "Quantity", "2.500"),
        Column("satuan", ("unit",), "text", True, "Satuan", "Unit", "kg"),
        Column("nilai", ("value", "value_rupiah", "nilai_pesanan"), "rupiah", True, "Nilai pesanan (rupiah)",
               "Order value (rupiah)", "Rp 17.500.000"),
    ), ("offtaker", "bulan", "produk"), "orders", _schema_orders, identity=("offtaker",)),
    Kind("poverty_lines", "Garis kemiskinan (BPS)", "Poverty lines (BPS)", (
        PROVINCE,
        Column("periode", ("period", "bulan", "semester"), "month", True,
               "Bulan survei (Maret atau September), mis. 2025-03", "Survey month (March or September), e.g. 2025-03",
               "2025-03"),
        Column("garis_kemiskinan", ("line", "garis_kemiskinan_per_kapita", "gk", "line_rupiah_per_capita_month"),
               "rupiah", True, "Garis kemiskinan, rupiah per kapita per bulan", "Poverty line, rupiah per capita per month",
               "Rp 609.160"),
        Column("rata_rata_art", ("household_size", "rata_rata_anggota_rumah_tangga_miskin"), "decimal", False,
               "Rata-rata anggota rumah tangga miskin (bila diterbitkan)", "Mean size of a poor household (if published)",
               "4,71"),
        SOURCE, NOTES,
    ), ("province_code", "period"), "poverty_lines", _schema_poverty_lines, identity=("provinsi",)),
    Kind("minimum_wages", "Upah minimum provinsi (UMP)", "Provincial minimum wages (UMP)", (
        PROVINCE,
        Column("tahun", ("year",), "int", True, "Tahun berlaku", "Year in force", "2026"),
        Column("ump", ("ump_rupiah", "upah_minimum", "upah_minimum_provinsi"), "rupiah", True, "UMP, rupiah per bulan",
               "Minimum wage, rupiah per month", "Rp 3.179.565"),
        SOURCE, NOTES,
    ), ("province_code", "year"), "minimum_wages", _schema_minimum_wages, identity=("provinsi",)),
)}
