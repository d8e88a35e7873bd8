"""The notes sheet of every data export: what the figures mean and how they were selected."""
from __future__ import annotations

from analytics.disclosure import K
from analytics.export.annotate import Provenance
from analytics.i18n import chooser


def notes(title: str, place: str, provenance: Provenance) -> list[tuple[str, str]]:
    say = chooser(provenance.lang)
    rows = [
        (say("Judul", "Title"), title),
        (say("Wilayah", "Region"), place),
        (say("Filter", "Filters"), provenance.filters or say("tidak ada", "none")),
        (say("Ambang yang berlaku", "Thresholds in force"), provenance.thresholds),
        (say("Miskin", "Poor"), say("Rata-rata pendapatan per kapita 3 bulan terakhir di bawah garis kemiskinan BPS provinsi.",
                                    "Mean per-capita income over the last 3 months below the provincial BPS poverty line.")),
        (say("Rentan", "Vulnerable"), say("Di atas garis kemiskinan, tetapi belum stabil.", "Above the poverty line, not yet steady.")),
        (say("Stabil", "Steady"), say("Beberapa bulan berturut-turut dilaporkan, semua di atas garis kemiskinan, koefisien variasi "
                                      "di bawah ambang (lihat ambang di atas).",
                                      "Consecutive months reported, all above the poverty line, coefficient of variation "
                                      "below the threshold (see thresholds above).")),
        (say("Mandiri", "Independent"), say("Stabil selama jendela mandiri dan rata-rata pendapatan rumah tangga ≥ acuan (UMP).",
                                            "Steady over the independence window and mean household income ≥ the benchmark (UMP).")),
        (say("pl_ratio", "pl_ratio"), say("Pendapatan per kapita dibagi garis kemiskinan yang berlaku bulan itu.",
                                          "Per-capita income divided by the poverty line in force that month.")),
        (say("Satuan", "Units"), say("Rupiah per bulan; pangsa sebagai pecahan (0,25 = 25%).",
                                     "Rupiah per month; shares as fractions (0.25 = 25%).")),
        (say("Pengendalian pengungkapan", "Disclosure control"),
         say(f"Angka tentang kurang dari {K} anggota dikosongkan (suppressed = True, ditampilkan '< {K}').",
             f"Figures about fewer than {K} members are blank (suppressed = True, shown as '< {K}').")),
    ]
    rows += [(say("Sumber dan catatan", "Source and notes"), line) for line in provenance.lines()]
    return rows
