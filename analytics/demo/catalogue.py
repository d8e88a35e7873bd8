"""What the synthetic programme is made of: the economics of each commodity (prices, revenue,
seasons), value chains, names. The names of commodities and channels come from the reference
code lists (`data/reference/`, `analytics.reference`), which real imports use too; this module
only adds synthetic economics keyed by code. `COMMODITIES` and `CHANNELS` stay importable here
for the pages that still read them from the demo package."""
from __future__ import annotations

from dataclasses import dataclass

from analytics.reference import channels as _reference_channels
from analytics.reference import commodities as _reference_commodities


@dataclass(frozen=True)
class Commodity:
    code: str
    name_id: str
    name_en: str
    business_type: str          # usaha: 'produksi', 'pengolahan', 'jasa', 'perdagangan'
    product: str
    unit: str
    unit_price: int             # rupiah per unit, for sales quantities
    revenue_per_member: int     # typical monthly group revenue per member, rupiah
    harvest_months: tuple[int, ...] = ()
    lean_months: tuple[int, ...] = ()


# Synthetic economics by commodity code: (business type, product, unit, unit price, revenue per member,
# harvest months, lean months). Names are the reference list's.
ECONOMICS: dict[str, tuple] = {
    "kelapa": ("produksi", "kelapa butir", "butir", 3_500, 450_000, (3, 4, 9, 10), (1,)),
    "rumput_laut": ("produksi", "rumput laut kering", "kg", 18_000, 500_000, (6, 7, 8, 9, 10), (12, 1, 2)),
    "kopi": ("produksi", "biji kopi", "kg", 60_000, 550_000, (5, 6, 7, 8), (12, 1, 2, 3)),
    "perikanan": ("produksi", "ikan segar", "kg", 35_000, 600_000, (4, 5, 9, 10), (12, 1, 2)),
    "kakao": ("produksi", "biji kakao", "kg", 90_000, 500_000, (4, 5, 10, 11), (1, 2)),
    "tenun": ("pengolahan", "kain tenun / kerajinan", "buah", 250_000, 400_000, (), ()),
    "ternak": ("produksi", "ternak kambing/sapi", "ekor", 3_500_000, 550_000, (), ()),
    "kuliner": ("jasa", "makanan siap saji", "porsi", 15_000, 650_000, (), ()),
    "kelontong": ("perdagangan", "barang kelontong", "paket", 50_000, 700_000, (), ()),
    "sagu": ("pengolahan", "tepung sagu", "kg", 12_000, 400_000, (7, 8, 9), (1, 2)),
    "karet": ("produksi", "getah karet", "kg", 11_000, 450_000, (6, 7, 8, 9), (11, 12, 1)),
    "hortikultura": ("produksi", "sayur & buah", "kg", 8_000, 500_000, (6, 7, 8), (1, 2)),
}


def _commodities() -> tuple[Commodity, ...]:
    """The reference commodities that have synthetic economics, in the reference order."""
    return tuple(Commodity(c.code, c.name_id, c.name_en, *ECONOMICS[c.code])
                 for c in _reference_commodities() if c.code in ECONOMICS)


COMMODITIES: tuple[Commodity, ...] = _commodities()
COMMODITY_INDEX = {c.code: i for i, c in enumerate(COMMODITIES)}

# Extra weight of a commodity in a province (on top of a base weight everywhere).
PROVINCE_COMMODITIES: dict[str, dict[str, float]] = {
    "11": {"kopi": 4, "perikanan": 1}, "12": {"kopi": 2, "karet": 2, "perikanan": 1},
    "13": {"tenun": 1.5, "hortikultura": 2}, "14": {"kelapa": 2, "sagu": 1, "karet": 1},
    "15": {"karet": 3, "kelapa": 1}, "16": {"karet": 3, "kopi": 2}, "17": {"kopi": 3, "karet": 1},
    "18": {"kopi": 3, "ternak": 1}, "19": {"perikanan": 3}, "21": {"perikanan": 4},
    "31": {"kuliner": 3, "kelontong": 2}, "32": {"hortikultura": 2, "kopi": 1, "tenun": 1},
    "33": {"tenun": 2, "ternak": 1.5, "hortikultura": 1}, "34": {"tenun": 3, "kuliner": 1},
    "35": {"ternak": 2, "kopi": 1, "hortikultura": 1}, "36": {"kuliner": 1, "perikanan": 1},
    "51": {"tenun": 2, "kopi": 1, "rumput_laut": 1}, "52": {"ternak": 2, "rumput_laut": 2, "tenun": 1},
    "53": {"ternak": 3, "rumput_laut": 2.5, "tenun": 2.5, "kopi": 1}, "61": {"karet": 3, "perikanan": 1},
    "62": {"karet": 3, "perikanan": 1}, "63": {"karet": 2, "perikanan": 1}, "64": {"perikanan": 2, "karet": 1},
    "65": {"perikanan": 3}, "71": {"kelapa": 3, "perikanan": 2}, "72": {"kelapa": 3, "kakao": 2, "rumput_laut": 1.5},
    "73": {"kakao": 2, "rumput_laut": 2, "kopi": 1}, "74": {"kakao": 2, "rumput_laut": 2, "sagu": 1},
    "75": {"kelapa": 2, "perikanan": 1}, "76": {"kakao": 3, "kelapa": 1}, "81": {"perikanan": 3, "sagu": 2, "kelapa": 1.5},
    "82": {"kelapa": 3, "perikanan": 2}, "91": {"sagu": 3, "perikanan": 1}, "92": {"sagu": 2, "perikanan": 2},
    "93": {"sagu": 3, "perikanan": 1}, "94": {"sagu": 2, "kopi": 1}, "95": {"kopi": 3, "ternak": 1}, "96": {"perikanan": 3, "sagu": 1},
}
BASE_WEIGHTS = {"kuliner": 1.0, "kelontong": 1.0, "ternak": 0.6, "hortikultura": 0.4}
CITY_WEIGHTS = {"kuliner": 3.0, "kelontong": 3.0, "tenun": 0.8}

# Marketing channels (saluran pemasaran), Bahasa Indonesia first: a view of the reference list.
CHANNELS: dict[str, tuple[str, str]] = {c.code: (c.name_id, c.name_en) for c in _reference_channels()}


@dataclass(frozen=True)
class Stage:
    name: str
    product: str
    position: str               # hulu | tengah | hilir
    unit: str
    unit_price: int


@dataclass(frozen=True)
class Chain:
    name: str
    commodity: str
    regency_code: str
    description: str
    stages: tuple[Stage, ...]
    offtakers: tuple[tuple[int, str, str], ...]   # (stage_no, name, kind)


CHAINS: tuple[Chain, ...] = (
    Chain(
        "Kelapa Terpadu Banggai", "kelapa", "72.01",
        "Usaha terintegrasi kelapa: petani, air kelapa, sabun ekspor, arang tempurung",
        (
            Stage("Petani kelapa", "kelapa butir", "hulu", "butir", 3_500),
            Stage("Air kelapa", "air kelapa kemasan", "tengah", "liter", 12_000),
            Stage("Sabun kelapa (ekspor)", "sabun minyak kelapa", "hilir", "batang", 15_000),
            Stage("Arang tempurung", "arang tempurung kelapa", "hilir", "kg", 9_000),
        ),
        ((2, "PT Segar Kelapa Nusantara (sintetis)", "manufaktur"),
         (3, "CV Sabun Tropis Ekspor (sintetis)", "eksportir"),
         (4, "PT Arang Briket Sulawesi (sintetis)", "eksportir")),
    ),
    Chain(
        "Kopi Gayo Aceh Tengah", "kopi", "11.04",
        "Petani kopi, pengolahan biji hijau, sangrai dan kemasan",
        (
            Stage("Petani kopi", "ceri kopi", "hulu", "kg", 12_000),
            Stage("Pengolahan biji hijau", "biji kopi hijau", "tengah", "kg", 95_000),
            Stage("Sangrai & kemasan", "kopi bubuk kemasan", "hilir", "kg", 180_000),
        ),
        ((2, "PT Gayo Green Bean (sintetis)", "eksportir"),
         (3, "CV Kedai Nusantara (sintetis)", "pengecer")),
    ),
    Chain(
        "Rumput Laut Sumba Timur", "rumput_laut", "53.11",
        "Pembudidaya rumput laut, pengeringan, olahan karagenan",
        (
            Stage("Pembudidaya", "rumput laut basah", "hulu", "kg", 4_000),
            Stage("Pengeringan & sortir", "rumput laut kering", "tengah", "kg", 18_000),
            Stage("Olahan karagenan", "chip karagenan", "hilir", "kg", 60_000),
        ),
        ((3, "PT Karagenan Timur (sintetis)", "manufaktur"),),
    ),
)

GROUP_NAMES = (
    "Maju Bersama", "Sejahtera", "Harapan Baru", "Mandiri", "Berkah", "Sumber Rejeki", "Karya Bersama",
    "Mekar Sari", "Tunas Harapan", "Usaha Jaya", "Sinar Pagi", "Bina Usaha", "Makmur", "Cahaya",
    "Rukun Santoso", "Gotong Royong", "Srikandi", "Bahari", "Tani Makmur", "Lestari",
)
FIRST_NAMES = (
    "Siti", "Nur", "Dewi", "Sri", "Rina", "Agus", "Budi", "Andi", "Made", "Yohana", "Maria", "Fransiskus",
    "Ahmad", "Muhammad", "Rahmat", "Wayan", "Ketut", "Hasan", "Fitri", "Yusuf", "Lina", "Rudi", "Eko", "Intan",
)
LAST_NAMES = (
    "Lestari", "Saputra", "Wijaya", "Hidayat", "Siregar", "Nasution", "Pattimura", "Manuputty", "Rumbiak",
    "Tanjung", "Setiawan", "Pratama", "Lubis", "Harahap", "Sinaga", "Daeng", "Mahmud", "Wonda", "Kogoya", "Laoli",
)

# Idul Fitri (Lebaran) and Idul Adha months, which move income and sales.
LEBARAN_MONTHS = ("2018-06", "2019-06", "2020-05", "2021-05", "2022-05", "2023-04", "2024-04", "2025-03", "2026-03")
IDUL_ADHA_MONTHS = ("2018-08", "2019-08", "2020-07", "2021-07", "2022-07", "2023-06", "2024-06", "2025-06", "2026-05")
