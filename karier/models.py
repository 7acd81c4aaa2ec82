"""Career decisions: the yearly talent map, the KRS, recommendations (KP, promotion, rotation,
KRS, awards) with their committee decision, and the award history.

A recommendation stores the rule behind it and what it rests on (``dasar``), so that the
committee and the pegawai can see why it exists. Nothing changes a profile until a
recommendation is approved and then applied, each step by a service under a row lock.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import BaseModel
from pegawai.models import Golongan, Instansi, Jabatan, Pegawai, UnitKerja
from penilaian.rules import LevelKinerja, LevelPotensi

USER = settings.AUTH_USER_MODEL


class PenempatanTalenta(models.Model):
    """A pegawai's place on the 9-box of one year (DOMAIN.md §3), with the unit, jabatan type and
    golongan they had then. ``kotak`` is empty when an axis is missing: no annual predikat, or no
    assessment with a potensi score."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="penempatan_talenta")
    unit_kerja = models.ForeignKey(
        UnitKerja, verbose_name=_("unit kerja"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    jenis_jabatan = models.CharField(_("jenis jabatan"), max_length=30, choices=Jabatan.Jenis.choices, blank=True)
    golongan = models.ForeignKey(
        Golongan, verbose_name=_("golongan"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    predikat = models.CharField(_("predikat tahunan"), max_length=20, blank=True)
    level_kinerja = models.CharField(_("kinerja"), max_length=10, choices=LevelKinerja.choices, blank=True)
    skor_potensi = models.DecimalField(_("skor potensi"), max_digits=5, decimal_places=2, null=True)
    level_potensi = models.CharField(_("potensi"), max_length=10, choices=LevelPotensi.choices, blank=True)
    kotak = models.PositiveSmallIntegerField(_("kotak"), null=True)
    kotak_sebelumnya = models.PositiveSmallIntegerField(_("kotak tahun lalu"), null=True)
    dihitung_pada = models.DateTimeField(_("dihitung pada"), auto_now=True)

    class Meta:
        verbose_name = _("penempatan talenta")
        verbose_name_plural = _("penempatan talenta")
        ordering = ["tahun", "pegawai_id"]
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "tahun"], name="talenta_satu_per_tahun"),
            models.CheckConstraint(condition=Q(kotak__isnull=True) | Q(kotak__range=(1, 9)), name="talenta_kotak_1_9"),
            models.CheckConstraint(
                condition=Q(kotak_sebelumnya__isnull=True) | Q(kotak_sebelumnya__range=(1, 9)),
                name="talenta_kotak_lalu_1_9",
            ),
        ]
        indexes = [
            # the grid counts and the list of one box, per instansi and year
            models.Index(fields=["instansi", "tahun", "kotak"], name="talenta_grid_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.pegawai_id} {self.tahun}: {self.kotak or '-'}"


class JenisRekomendasi(models.TextChoices):
    KP = "kp", _("Kenaikan pangkat")
    PROMOSI = "promosi", _("Promosi")
    ROTASI = "rotasi", _("Rotasi")
    KRS = "krs", _("Kelompok rencana suksesi")
    PENGHARGAAN = "penghargaan", _("Penghargaan")


class JenisPenghargaan(models.TextChoices):
    SATYALANCANA_10 = "satyalancana_10", _("Satyalancana Karya Satya X Tahun")
    SATYALANCANA_20 = "satyalancana_20", _("Satyalancana Karya Satya XX Tahun")
    SATYALANCANA_30 = "satyalancana_30", _("Satyalancana Karya Satya XXX Tahun")
    PEGAWAI_BERPRESTASI = "pegawai_berprestasi", _("Pegawai berprestasi")


class Rekomendasi(BaseModel):
    """A proposed KP, promotion, rotation, KRS entry or award, awaiting the committee
    (Baperjakat / tim penilai kinerja): diusulkan → ditinjau → disetujui or ditolak (with a
    reason) → diterapkan. A rerun of the yearly run updates an open recommendation by its
    ``kunci`` and withdraws (dibatalkan) the open ones it no longer sees."""

    class Status(models.TextChoices):
        DIUSULKAN = "diusulkan", _("Diusulkan")
        DITINJAU = "ditinjau", _("Ditinjau")
        DISETUJUI = "disetujui", _("Disetujui")
        DITOLAK = "ditolak", _("Ditolak")
        DITERAPKAN = "diterapkan", _("Diterapkan")
        DIBATALKAN = "dibatalkan", _("Dibatalkan")

    TERBUKA = (Status.DIUSULKAN, Status.DITINJAU)

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    jenis = models.CharField(_("jenis"), max_length=20, choices=JenisRekomendasi.choices)
    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="rekomendasi")
    # stable key of what is recommended, e.g. "kp:<pegawai>:<tmt>", "promosi:<jabatan>:<pegawai>"
    kunci = models.CharField(max_length=120)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DIUSULKAN)
    # what is recommended (by jenis): the new golongan (KP), the jabatan (promotion, rotation,
    # the KRS target), the award
    golongan_baru = models.ForeignKey(
        Golongan, verbose_name=_("golongan baru"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    jabatan_tujuan = models.ForeignKey(
        Jabatan, verbose_name=_("jabatan tujuan"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    penghargaan = models.CharField(_("penghargaan"), max_length=30, choices=JenisPenghargaan.choices, blank=True)
    tmt = models.DateField(_("TMT usulan"), null=True, blank=True)
    # the transparent score and rank among the candidates of the same jabatan (promotion, rotation)
    skor = models.DecimalField(_("skor"), max_digits=6, decimal_places=2, null=True, blank=True)
    peringkat = models.PositiveSmallIntegerField(_("peringkat"), null=True, blank=True)
    # the rule and its components: [{"kode": .., "label": .., "nilai": .., "teks": ..}, ...]
    dasar = models.JSONField(_("dasar"), default=list, blank=True)
    diusulkan_oleh = models.ForeignKey(
        USER, verbose_name=_("diusulkan oleh"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ditinjau_oleh = models.ForeignKey(
        USER, verbose_name=_("ditinjau oleh"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ditinjau_pada = models.DateTimeField(_("ditinjau pada"), null=True, blank=True)
    diputuskan_oleh = models.ForeignKey(
        USER, verbose_name=_("diputuskan oleh"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    diputuskan_pada = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    alasan_keputusan = models.TextField(_("alasan keputusan"), blank=True)
    diterapkan_oleh = models.ForeignKey(
        USER, verbose_name=_("diterapkan oleh"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    diterapkan_pada = models.DateTimeField(_("diterapkan pada"), null=True, blank=True)
    tmt_penerapan = models.DateField(_("TMT"), null=True, blank=True)
    nomor_sk = models.CharField(_("nomor SK"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("rekomendasi")
        verbose_name_plural = _("rekomendasi")
        ordering = ["-tahun", "jenis", "peringkat", "id"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "kunci"], name="rekomendasi_kunci_unik"),
            models.CheckConstraint(
                condition=~Q(status="ditolak") | ~Q(alasan_keputusan=""), name="rekomendasi_tolak_beralasan"
            ),
            models.CheckConstraint(
                condition=~Q(status="diterapkan") | Q(tmt_penerapan__isnull=False), name="rekomendasi_terapan_ber_tmt"
            ),
        ]
        indexes = [
            # the committee's list: open recommendations of one kind
            models.Index(fields=["instansi", "jenis", "status", "tahun"], name="rekomendasi_daftar_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.pegawai_id} ({self.get_status_display()})"


class AnggotaKRS(BaseModel):
    """Membership of the kelompok rencana suksesi of one year (PP 11/2017 Pasal 199), set by BKD
    when an approved KRS recommendation is applied, with the key jabatan it prepares for."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="anggota_krs")
    jabatan_target = models.ForeignKey(
        Jabatan, verbose_name=_("jabatan target"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rekomendasi = models.ForeignKey(Rekomendasi, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    ditetapkan_oleh = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("anggota KRS")
        verbose_name_plural = _("anggota KRS")
        ordering = ["-tahun", "pegawai_id"]
        constraints = [models.UniqueConstraint(fields=["pegawai", "tahun"], name="krs_satu_per_tahun")]
        indexes = [models.Index(fields=["instansi", "tahun"], name="krs_tahun_idx")]

    def __str__(self) -> str:
        return f"KRS {self.tahun}: {self.pegawai_id}"


class RiwayatPenghargaan(BaseModel):
    """An award in the pegawai's history (Satyalancana Karya Satya, pegawai berprestasi)."""

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="riwayat_penghargaan")
    jenis = models.CharField(_("penghargaan"), max_length=30, choices=JenisPenghargaan.choices)
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    tanggal = models.DateField(_("tanggal"))
    nomor_sk = models.CharField(_("nomor SK"), max_length=100, blank=True)
    rekomendasi = models.ForeignKey(Rekomendasi, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("riwayat penghargaan")
        verbose_name_plural = _("riwayat penghargaan")
        ordering = ["pegawai", "-tanggal"]
        constraints = [
            # a Satyalancana of each length is given once
            models.UniqueConstraint(
                fields=["pegawai", "jenis"],
                condition=Q(jenis__startswith="satyalancana"),
                name="penghargaan_satyalancana_sekali",
            ),
            models.UniqueConstraint(fields=["pegawai", "jenis", "tahun"], name="penghargaan_sekali_setahun"),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.tahun}"
