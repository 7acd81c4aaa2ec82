"""Policy settings per instansi (DOMAIN.md: every rule marked **policy**).

Regulations leave these to the instansi, so they are data, not constants: each instansi stores
overrides as JSON and everything else falls back to the defaults below. ``Kebijakan.from_dict``
validates overrides and names the field and rule on bad input.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field, fields
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

JENIS_PERIODE = ("bulanan", "triwulanan", "semesteran")
# Jabatan.Jenis values (common sits below pegawai, so they are repeated here and checked by a test)
JENIS_JABATAN = (
    "jpt_utama",
    "jpt_madya",
    "jpt_pratama",
    "administrator",
    "pengawas",
    "pelaksana",
    "fungsional_keahlian",
    "fungsional_keterampilan",
)
# dimensions the allocation keeps fair (and the fair access report shows, with age groups)
DIMENSI_KEADILAN = ("unit_kerja", "jenis_kelamin", "golongan", "jenis_asn", "kelompok_usia")
DIMENSI_KEADILAN_LABEL = {
    "unit_kerja": gettext_lazy("Unit kerja"),
    "jenis_kelamin": gettext_lazy("Jenis kelamin"),
    "golongan": gettext_lazy("Golongan"),
    "jenis_asn": gettext_lazy("PNS/PPPK"),
    "kelompok_usia": gettext_lazy("Kelompok usia"),
}
PRIORITAS = (
    "prioritas_kinerja",
    "prioritas_kompetensi",
    "prioritas_per_level",
    "prioritas_kompetensi_target",
    "prioritas_jp",
    "prioritas_permintaan",
    "prioritas_wajib",
)
# penilaian.rules.Predikat values and IKM mutu letters (repeated here like JENIS_JABATAN)
PREDIKAT = ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")
MUTU_IKM = ("A", "B", "C", "D")
BOBOT_PROMOSI = ("bobot_promosi_jpm", "bobot_promosi_kotak", "bobot_promosi_predikat", "bobot_promosi_krs")
JPM_PERSEN = (
    "jpm_optimal_minimal",
    "jpm_cukup_optimal_minimal",
    "jpm_memenuhi_syarat_minimal",
    "jpm_masih_memenuhi_syarat_minimal",
)


@dataclass(frozen=True)
class Kebijakan:
    # §1 periodic evaluation
    jenis_periode: str = "triwulanan"
    # §2 IKM: minimum respondents per unit and period before an IKM is published
    ikm_minimal_responden: int = 30
    # §1 360 feedback: minimum peer/subordinate answers before aggregates are shown
    umpan_balik_360_minimal: int = 3
    # §3 potensi cut-offs (score on the assessment scale)
    potensi_tinggi_minimal: Decimal = Decimal("90")
    potensi_menengah_minimal: Decimal = Decimal("78")
    # §4 JPM mapping and selection thresholds, in %
    jpm_optimal_minimal: Decimal = Decimal("90")
    jpm_cukup_optimal_minimal: Decimal = Decimal("78")
    jpm_memenuhi_syarat_minimal: Decimal = Decimal("80")
    jpm_masih_memenuhi_syarat_minimal: Decimal = Decimal("68")
    # §5 development right and duty per PNS per year
    jp_minimal_tahunan: int = 20
    # §5 mentoring
    kapasitas_mentor: int = 3
    # §6 KP periods: the months (1–12) whose 1st is a KP date (default every month, Peraturan BKN
    # 4/2025)
    bulan_periode_kp: tuple[int, ...] = tuple(range(1, 13))
    # §6 a running hukdis sedang/berat blocks KP, promotion and KRS
    hukdis_memblokir_karier: bool = True
    # §6 rotation window, years in the same jabatan
    rotasi_minimal_tahun: int = 2
    rotasi_maksimal_tahun: int = 5
    # §1 numeric score: weights of the components (normalised over the components present)
    bobot_hasil_kerja: Decimal = Decimal("70")
    bobot_perilaku: Decimal = Decimal("30")
    # §1 the hasil kerja component is the mean capaian, kept within 0 and this maximum (%)
    nilai_capaian_maksimal: Decimal = Decimal("120")
    # §2 how a unit layanan's IKM feeds appraisals: its weight for the leader of the unit and for
    # its service staff (the jabatan types below)
    ikm_bobot_kepala_unit: Decimal = Decimal("20")
    ikm_bobot_pelayanan: Decimal = Decimal("10")
    ikm_jenis_jabatan_pelayanan: tuple[str, ...] = ("fungsional_keahlian", "fungsional_keterampilan", "pelaksana")
    # §1 reminders: days before a period ends; days after an annual predikat to object to it
    pengingat_hari_sebelum_akhir: int = 7
    keberatan_batas_hari: int = 14
    # §5 training needs: base priority (0–100) per reason; a competency gap adds
    # prioritas_per_level for each level missing
    prioritas_kinerja: int = 80
    prioritas_kompetensi: int = 50
    prioritas_per_level: int = 10
    prioritas_kompetensi_target: int = 40
    prioritas_jp: int = 30
    prioritas_permintaan: int = 60
    prioritas_wajib: int = 70
    # §5 allocation: every group of each dimension below receives at least this share (%) of its
    # proportional share of participants; pegawai with no development last year weigh this much more
    keadilan_porsi_minimal: Decimal = Decimal("80")
    keadilan_dimensi: tuple[str, ...] = ("golongan", "jenis_kelamin", "unit_kerja")
    bobot_tanpa_pengembangan: Decimal = Decimal("1.5")
    maks_program_per_pegawai: int = 2
    # §5 fair access report: a group's share of participants below/above these % of its share of
    # the workforce is flagged
    disparitas_bawah: Decimal = Decimal("80")
    disparitas_atas: Decimal = Decimal("125")
    # §5 reminders to pegawai below the yearly JP, on the 1st of these months
    bulan_pengingat_jp: tuple[int, ...] = (10, 11, 12)
    # §5 mentee candidates: years of service (or in a new jabatan) that count as new; 9-box boxes
    # whose recommended actions include coaching
    mentee_masa_baru_tahun: int = 2
    kotak_mentee: tuple[int, ...] = (2, 3, 5, 6, 8)
    # §3 kinerja axis of the 9-box: the annual predikat that count as above expectation and as
    # meeting it (every other predikat is below)
    kinerja_di_atas_predikat: tuple[str, ...] = ("sangat_baik",)
    kinerja_sesuai_predikat: tuple[str, ...] = ("baik",)
    # §6 rotation: no unit kerja loses more than this share (%) of its active staff in one round
    rotasi_porsi_maksimal_unit: Decimal = Decimal("10")
    # §6 promotion candidates: weights (summing to 100) of the transparent score
    bobot_promosi_jpm: int = 50
    bobot_promosi_kotak: int = 20
    bobot_promosi_predikat: int = 20
    bobot_promosi_krs: int = 10
    # §7 awards: units layanan whose IKM mutu is one of these propose a pegawai berprestasi
    penghargaan_mutu_ikm: tuple[str, ...] = ("A",)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Kebijakan:
        """Defaults overlaid with ``data``; unknown keys are kept in ``extra`` for later issues."""
        data = dict(data or {})
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        known = {f.name: f for f in fields(cls) if f.name != "extra"}
        for name, f in known.items():
            if name not in data:
                continue
            raw = data.pop(name)
            try:
                values[name] = _parse(f.default, raw)
            except ValueError as e:
                errors[name] = str(e) % {"nama": name}
        obj = cls(**values, extra=data)
        errors.update(obj._rule_errors())
        if errors:
            raise ValidationError(errors)
        return obj

    def _rule_errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if self.jenis_periode not in JENIS_PERIODE:
            errors["jenis_periode"] = _("Jenis periode harus salah satu dari: %(pilihan)s.") % {
                "pilihan": ", ".join(JENIS_PERIODE)
            }
        if self.potensi_menengah_minimal >= self.potensi_tinggi_minimal:
            errors["potensi_menengah_minimal"] = _(
                "Batas potensi menengah harus lebih kecil dari batas potensi tinggi."
            )
        if self.jpm_cukup_optimal_minimal >= self.jpm_optimal_minimal:
            errors["jpm_cukup_optimal_minimal"] = _("Batas JPM cukup optimal harus lebih kecil dari batas optimal.")
        if self.jpm_masih_memenuhi_syarat_minimal >= self.jpm_memenuhi_syarat_minimal:
            errors["jpm_masih_memenuhi_syarat_minimal"] = _(
                "Batas JPM masih memenuhi syarat harus lebih kecil dari batas memenuhi syarat."
            )
        if self.rotasi_minimal_tahun >= self.rotasi_maksimal_tahun:
            errors["rotasi_minimal_tahun"] = _("Masa minimal rotasi harus lebih kecil dari masa maksimal.")
        if not self.bulan_periode_kp or any(not 1 <= b <= 12 for b in self.bulan_periode_kp):
            errors["bulan_periode_kp"] = _("Bulan periode KP harus di antara 1 dan 12.")
        if self.ikm_minimal_responden < 1:
            errors["ikm_minimal_responden"] = _("Minimal responden IKM paling sedikit 1.")
        if self.umpan_balik_360_minimal < 1:
            errors["umpan_balik_360_minimal"] = _("Minimal jawaban umpan balik 360 paling sedikit 1.")
        for name in ("bobot_hasil_kerja", "bobot_perilaku", "ikm_bobot_kepala_unit", "ikm_bobot_pelayanan"):
            if not Decimal(0) <= getattr(self, name) <= Decimal(100):
                errors[name] = _("Bobot %(nama)s harus di antara 0 dan 100.") % {"nama": name}
        if self.bobot_hasil_kerja + self.bobot_perilaku <= 0:
            errors["bobot_hasil_kerja"] = _("Bobot hasil kerja dan perilaku tidak boleh keduanya nol.")
        if self.nilai_capaian_maksimal < Decimal(100):
            errors["nilai_capaian_maksimal"] = _("Nilai capaian maksimal paling sedikit 100 (%).")
        unknown = set(self.ikm_jenis_jabatan_pelayanan) - set(JENIS_JABATAN)
        if unknown:
            errors["ikm_jenis_jabatan_pelayanan"] = _("Jenis jabatan tidak dikenal: %(jenis)s.") % {
                "jenis": ", ".join(sorted(unknown))
            }
        unknown_dimensi = set(self.keadilan_dimensi) - set(DIMENSI_KEADILAN)
        if unknown_dimensi:
            errors["keadilan_dimensi"] = _("Dimensi keadilan tidak dikenal: %(dimensi)s.") % {
                "dimensi": ", ".join(sorted(unknown_dimensi))
            }
        for name in ("keadilan_porsi_minimal", *PRIORITAS):
            if not Decimal(0) <= Decimal(getattr(self, name)) <= Decimal(100):
                errors[name] = _("Nilai %(nama)s harus di antara 0 dan 100.") % {"nama": name}
        if self.bobot_tanpa_pengembangan < 1:
            errors["bobot_tanpa_pengembangan"] = _("Bobot tanpa pengembangan paling sedikit 1.")
        if self.maks_program_per_pegawai < 1:
            errors["maks_program_per_pegawai"] = _("Maksimal program per pegawai paling sedikit 1.")
        if not Decimal(0) < self.disparitas_bawah <= Decimal(100) <= self.disparitas_atas:
            errors["disparitas_bawah"] = _(
                "Batas disparitas bawah harus di antara 0 dan 100 (%%), batas atas paling sedikit 100 (%%)."
            )
        if any(not 1 <= b <= 12 for b in self.bulan_pengingat_jp):
            errors["bulan_pengingat_jp"] = _("Bulan pengingat JP harus di antara 1 dan 12.")
        if not self.kotak_mentee or any(not 1 <= k <= 9 for k in self.kotak_mentee):
            errors["kotak_mentee"] = _("Kotak mentee harus di antara 1 dan 9.")
        if self.kapasitas_mentor < 1:
            errors["kapasitas_mentor"] = _("Kapasitas mentor paling sedikit 1.")
        kinerja = set(self.kinerja_di_atas_predikat) | set(self.kinerja_sesuai_predikat)
        if kinerja - set(PREDIKAT) or set(self.kinerja_di_atas_predikat) & set(self.kinerja_sesuai_predikat):
            errors["kinerja_sesuai_predikat"] = _(
                "Setiap predikat hanya boleh masuk satu tingkat kinerja (di atas atau sesuai ekspektasi)."
            )
        if not Decimal(0) < self.rotasi_porsi_maksimal_unit <= Decimal(100):
            errors["rotasi_porsi_maksimal_unit"] = _(
                "Porsi rotasi per unit harus lebih dari 0 dan paling besar 100 (%%)."
            )
        if sum(getattr(self, name) for name in BOBOT_PROMOSI) != 100:
            errors["bobot_promosi_jpm"] = _("Jumlah bobot skor promosi (JPM, kotak, predikat, KRS) harus 100.")
        if set(self.penghargaan_mutu_ikm) - set(MUTU_IKM):
            errors["penghargaan_mutu_ikm"] = _("Mutu IKM harus salah satu dari: %(pilihan)s.") % {
                "pilihan": ", ".join(MUTU_IKM)
            }
        for name in JPM_PERSEN:
            if not Decimal(0) <= getattr(self, name) <= Decimal(100):
                errors[name] = _("Batas JPM %(nama)s harus di antara 0 dan 100 (%%).") % {"nama": name}
        return errors

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            if f.name == "extra":
                continue
            value = getattr(self, f.name)
            if isinstance(value, Decimal):
                value = str(value)
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        out.update(self.extra)
        return out

    def replace(self, **changes: Any) -> Kebijakan:
        return dataclasses.replace(self, **changes)


def _as_int(raw: Any) -> int | None:
    """An integer from JSON or form input; None for anything else (booleans, 2.5, "tiga")."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str) and raw.strip().removeprefix("-").isdigit():
        return int(raw.strip())
    return None


def _parse(default: Any, raw: Any) -> Any:
    """``raw`` read as the type of ``default``. A ValueError carries the message (with %(nama)s)."""
    if isinstance(default, bool):
        if not isinstance(raw, bool):
            raise ValueError(_("Kebijakan %(nama)s harus ya atau tidak (true/false)."))
        return raw
    if isinstance(default, int):
        number = _as_int(raw)
        if number is None or number < 0:
            raise ValueError(_("Kebijakan %(nama)s harus bilangan bulat tidak negatif."))
        return number
    if isinstance(default, Decimal):
        try:
            if isinstance(raw, bool) or not isinstance(raw, (int, float, str, Decimal)):
                raise InvalidOperation
            value = Decimal(str(raw).strip())
            if not value.is_finite():
                raise InvalidOperation
        except InvalidOperation as e:
            raise ValueError(_("Kebijakan %(nama)s harus berupa angka.")) from e
        return value
    if isinstance(default, tuple) and default and isinstance(default[0], str):
        if not isinstance(raw, (list, tuple)) or not all(isinstance(x, str) for x in raw):
            raise ValueError(_("Kebijakan %(nama)s harus berupa daftar teks."))
        return tuple(sorted(set(raw)))
    if isinstance(default, tuple):
        months = [_as_int(x) for x in raw] if isinstance(raw, (list, tuple)) else [None]
        if any(m is None for m in months):
            raise ValueError(_("Kebijakan %(nama)s harus berupa daftar bilangan bulat."))
        return tuple(sorted(set(months)))
    return str(raw)
