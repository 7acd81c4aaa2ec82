"""Appraisal: periods, the SKP and its evaluation, 360 feedback, unit predikat, IKM, the cycle.

Ratings, predikat and scores are stored with their components so every number can be explained.
Statuses are TextChoices; invariants are database constraints; each index names its query.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.models import BaseModel
from pegawai.models import Instansi, Jabatan, Pegawai, UnitKerja

from .rules import (
    LEVEL_KOMPETENSI,
    Arah,
    AspekPerilaku,
    JenisIndikator,
    JenisKompetensi,
    JenisPeriode,
    MetodeAsesmen,
    MutuIKM,
    PeranPenilai360,
    Predikat,
    PredikatOrganisasi,
    Rating,
    periode_nama,
)

USER = settings.AUTH_USER_MODEL


class Periode(BaseModel):
    """A period of appraisal of one instansi: the periodic ones (policy type) and the annual one."""

    class Status(models.TextChoices):
        TERBUKA = "terbuka", _("Terbuka")
        DITUTUP = "ditutup", _("Ditutup")

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="periode_penilaian")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    jenis = models.CharField(_("jenis"), max_length=12, choices=JenisPeriode.choices)
    nomor = models.PositiveSmallIntegerField(_("nomor"))
    tanggal_mulai = models.DateField(_("tanggal mulai"))
    tanggal_selesai = models.DateField(_("tanggal selesai"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.TERBUKA)
    ditutup_pada = models.DateTimeField(_("ditutup pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("periode penilaian")
        verbose_name_plural = _("periode penilaian")
        ordering = ["-tahun", "tanggal_mulai", "jenis"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "tahun", "jenis", "nomor"], name="periode_unik"),
            models.CheckConstraint(
                condition=Q(tanggal_selesai__gte=models.F("tanggal_mulai")), name="periode_rentang_valid"
            ),
        ]
        indexes = [
            # the current period of an instansi: periode_current()
            models.Index(fields=["instansi", "tanggal_mulai", "tanggal_selesai"], name="periode_tanggal_idx"),
        ]

    def __str__(self) -> str:
        return self.nama

    @property
    def nama(self) -> str:
        return periode_nama(self.jenis, self.nomor, self.tahun)

    @property
    def is_tahunan(self) -> bool:
        return self.jenis == JenisPeriode.TAHUNAN


class SKP(BaseModel):
    """Sasaran Kinerja Pegawai: one per pegawai per year, with its pejabat penilai."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        DIAJUKAN = "diajukan", _("Diajukan")
        DISETUJUI = "disetujui", _("Disetujui")
        DIKEMBALIKAN = "dikembalikan", _("Dikembalikan")

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="skp")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    # snapshot of the position the plan was written for
    jabatan = models.ForeignKey(Jabatan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    unit_kerja = models.ForeignKey(UnitKerja, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    nama_jabatan = models.CharField(_("jabatan"), max_length=200, blank=True)
    nama_unit = models.CharField(_("unit kerja"), max_length=200, blank=True)
    pejabat_penilai = models.ForeignKey(
        Pegawai,
        verbose_name=_("pejabat penilai"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="skp_dinilai",
    )
    atasan_pejabat_penilai = models.ForeignKey(
        Pegawai,
        verbose_name=_("atasan pejabat penilai"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    versi = models.PositiveSmallIntegerField(_("versi"), default=1)
    catatan_pengembalian = models.TextField(_("catatan pengembalian"), blank=True)
    diajukan_pada = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    disetujui_pada = models.DateTimeField(_("disetujui pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("SKP")
        verbose_name_plural = _("SKP")
        ordering = ["-tahun", "pegawai__nama"]
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "tahun"], name="skp_pegawai_tahun_unik"),
        ]
        indexes = [
            # "Bawahan saya": the SKPs a pejabat penilai approves, per year and status
            models.Index(fields=["pejabat_penilai", "tahun", "status"], name="skp_penilai_idx"),
            # the evaluation cycle and BKD lists: every SKP of an instansi in a year
            models.Index(fields=["instansi", "tahun", "status"], name="skp_instansi_idx"),
        ]

    def __str__(self) -> str:
        return f"SKP {self.tahun} {self.pegawai_id}"


class SKPVersi(models.Model):
    """An approved state of an SKP, kept when it is revised after approval."""

    skp = models.ForeignKey(SKP, on_delete=models.CASCADE, related_name="versi_riwayat")
    versi = models.PositiveSmallIntegerField(_("versi"))
    isi = models.JSONField(_("isi"), default=dict)
    disetujui_pada = models.DateTimeField(_("disetujui pada"), null=True, blank=True)
    disetujui_oleh = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("versi SKP")
        verbose_name_plural = _("versi SKP")
        ordering = ["skp", "-versi"]
        constraints = [models.UniqueConstraint(fields=["skp", "versi"], name="skp_versi_unik")]

    def __str__(self) -> str:
        return f"SKP {self.skp_id} v{self.versi}"


class RencanaHasilKerja(BaseModel):
    """RHK: a planned result, possibly cascaded (intervensi) from an RHK of the atasan's SKP."""

    class Jenis(models.TextChoices):
        UTAMA = "utama", _("Utama")
        TAMBAHAN = "tambahan", _("Tambahan")

    skp = models.ForeignKey(SKP, on_delete=models.CASCADE, related_name="rhk")
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=1)
    uraian = models.TextField(_("rencana hasil kerja"))
    jenis = models.CharField(_("jenis"), max_length=10, choices=Jenis.choices, default=Jenis.UTAMA)
    rhk_atasan = models.ForeignKey(
        "self",
        verbose_name=_("RHK atasan yang diintervensi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="intervensi",
    )

    class Meta:
        verbose_name = _("rencana hasil kerja")
        verbose_name_plural = _("rencana hasil kerja")
        ordering = ["skp", "jenis", "urutan", "id"]

    def __str__(self) -> str:
        return self.uraian[:80]


class IndikatorKinerja(BaseModel):
    """An indikator of an RHK: quantitative (target value and unit, a direction) or qualitative."""

    rhk = models.ForeignKey(RencanaHasilKerja, on_delete=models.CASCADE, related_name="indikator")
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=1)
    uraian = models.TextField(_("indikator"))
    jenis = models.CharField(
        _("jenis"), max_length=12, choices=JenisIndikator.choices, default=JenisIndikator.KUANTITATIF
    )
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_kualitatif = models.CharField(_("target kualitatif"), max_length=255, blank=True)
    satuan = models.CharField(_("satuan"), max_length=50, blank=True)
    arah = models.CharField(_("arah"), max_length=12, choices=Arah.choices, default=Arah.LEBIH_TINGGI)

    class Meta:
        verbose_name = _("indikator kinerja")
        verbose_name_plural = _("indikator kinerja")
        ordering = ["rhk", "urutan", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(jenis=JenisIndikator.KUANTITATIF) | Q(target__gt=0),
                name="indikator_kuantitatif_target_positif",
            ),
        ]

    def __str__(self) -> str:
        return self.uraian[:80]


class EkspektasiPerilaku(models.Model):
    """The expectation for one BerAKHLAK value in an SKP, with the leader's ekspektasi khusus."""

    skp = models.ForeignKey(SKP, on_delete=models.CASCADE, related_name="ekspektasi_perilaku")
    aspek = models.CharField(_("aspek"), max_length=30, choices=AspekPerilaku.choices)
    ekspektasi_khusus = models.TextField(_("ekspektasi khusus pimpinan"), blank=True)

    class Meta:
        verbose_name = _("ekspektasi perilaku")
        verbose_name_plural = _("ekspektasi perilaku")
        constraints = [models.UniqueConstraint(fields=["skp", "aspek"], name="ekspektasi_perilaku_unik")]

    def __str__(self) -> str:
        return self.get_aspek_display()


class EvaluasiKinerja(BaseModel):
    """One pegawai in one period: the snapshot of their jabatan, unit and penilai taken when the
    period opened (a transfer never rewrites it), the ratings, the predikat and the numeric score
    with every component. The annual evaluation is the row of the 'tahunan' period."""

    class Status(models.TextChoices):
        BELUM_DINILAI = "belum_dinilai", _("Belum dinilai")
        DINILAI = "dinilai", _("Dinilai")
        KEBERATAN = "keberatan", _("Keberatan diajukan")
        FINAL = "final", _("Final")

    periode = models.ForeignKey(Periode, on_delete=models.CASCADE, related_name="evaluasi")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="evaluasi_kinerja")
    skp = models.ForeignKey(SKP, null=True, blank=True, on_delete=models.SET_NULL, related_name="evaluasi")
    # snapshot
    jabatan = models.ForeignKey(Jabatan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    unit_kerja = models.ForeignKey(UnitKerja, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    nama_jabatan = models.CharField(_("jabatan"), max_length=200, blank=True)
    jenis_jabatan = models.CharField(_("jenis jabatan"), max_length=30, blank=True)
    nama_unit = models.CharField(_("unit kerja"), max_length=200, blank=True)
    is_kepala_unit = models.BooleanField(_("memimpin unit"), default=False)
    pejabat_penilai = models.ForeignKey(
        Pegawai,
        verbose_name=_("pejabat penilai"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluasi_dinilai",
    )
    atasan_pejabat_penilai = models.ForeignKey(
        Pegawai,
        verbose_name=_("atasan pejabat penilai"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # the appraisal
    rating_hasil_kerja = models.CharField(_("rating hasil kerja"), max_length=10, choices=Rating.choices, blank=True)
    rating_perilaku = models.CharField(_("rating perilaku kerja"), max_length=10, choices=Rating.choices, blank=True)
    predikat_matriks = models.CharField(
        _("predikat menurut matriks"), max_length=20, choices=Predikat.choices, blank=True
    )
    predikat = models.CharField(_("predikat kinerja"), max_length=20, choices=Predikat.choices, blank=True)
    alasan_penyesuaian = models.TextField(_("alasan penyesuaian predikat"), blank=True)
    disesuaikan_oleh = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    catatan_penilai = models.TextField(_("catatan pejabat penilai"), blank=True)
    dinilai_pada = models.DateTimeField(_("dinilai pada"), null=True, blank=True)
    dinilai_oleh = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # the numeric score and its components (computed by the evaluation cycle)
    capaian_hasil_kerja = models.DecimalField(
        _("capaian hasil kerja (%)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    nilai_hasil_kerja = models.DecimalField(
        _("nilai hasil kerja"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    nilai_perilaku = models.DecimalField(_("nilai perilaku"), max_digits=6, decimal_places=2, null=True, blank=True)
    nilai_ikm = models.DecimalField(_("nilai IKM unit"), max_digits=6, decimal_places=2, null=True, blank=True)
    nilai_akhir = models.DecimalField(_("nilai akhir"), max_digits=6, decimal_places=2, null=True, blank=True)
    komponen = models.JSONField(_("komponen nilai"), default=dict, blank=True)
    dihitung_pada = models.DateTimeField(_("dihitung pada"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.BELUM_DINILAI)

    class Meta:
        verbose_name = _("evaluasi kinerja")
        verbose_name_plural = _("evaluasi kinerja")
        ordering = ["periode", "pegawai__nama"]
        constraints = [
            # also the index the cycle walks, a period in pegawai id batches
            models.UniqueConstraint(fields=["periode", "pegawai"], name="evaluasi_periode_pegawai_unik"),
            models.CheckConstraint(
                condition=Q(rating_hasil_kerja="", rating_perilaku="", predikat="")
                | ~Q(rating_hasil_kerja="") & ~Q(rating_perilaku="") & ~Q(predikat=""),
                name="evaluasi_rating_lengkap",
            ),
        ]
        indexes = [
            # "Bawahan saya": a pejabat penilai's rows in a period
            models.Index(fields=["pejabat_penilai", "periode"], name="evaluasi_penilai_idx"),
            # calibration and unit results: rows of a period per unit
            models.Index(fields=["periode", "unit_kerja"], name="evaluasi_unit_idx"),
            # a pegawai's history
            models.Index(fields=["pegawai", "periode"], name="evaluasi_pegawai_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.periode_id}:{self.pegawai_id}"


class Keberatan(BaseModel):
    """An objection against an annual predikat: a workflow state, never an edit."""

    class Status(models.TextChoices):
        DIAJUKAN = "diajukan", _("Diajukan")
        DITERIMA = "diterima", _("Diterima")
        DITOLAK = "ditolak", _("Ditolak")

    evaluasi = models.ForeignKey(EvaluasiKinerja, on_delete=models.CASCADE, related_name="keberatan")
    diajukan_oleh = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    alasan = models.TextField(_("alasan keberatan"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DIAJUKAN)
    predikat_semula = models.CharField(_("predikat semula"), max_length=20, choices=Predikat.choices)
    predikat_baru = models.CharField(_("predikat baru"), max_length=20, choices=Predikat.choices, blank=True)
    tanggapan = models.TextField(_("tanggapan"), blank=True)
    diputus_oleh = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    diputus_pada = models.DateTimeField(_("diputus pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("keberatan")
        verbose_name_plural = _("keberatan")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["evaluasi"], condition=Q(status="diajukan"), name="keberatan_satu_terbuka"),
        ]


class Realisasi(BaseModel):
    """What a pegawai achieved on one indikator in one period, with the computed capaian."""

    indikator = models.ForeignKey(IndikatorKinerja, on_delete=models.CASCADE, related_name="realisasi")
    periode = models.ForeignKey(Periode, on_delete=models.CASCADE, related_name="+")
    nilai = models.DecimalField(_("realisasi"), max_digits=14, decimal_places=2, null=True, blank=True)
    nilai_kualitatif = models.TextField(_("realisasi kualitatif"), blank=True)
    catatan = models.TextField(_("catatan"), blank=True)
    capaian = models.DecimalField(_("capaian (%)"), max_digits=8, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("realisasi")
        verbose_name_plural = _("realisasi")
        ordering = ["indikator", "periode"]
        constraints = [models.UniqueConstraint(fields=["indikator", "periode"], name="realisasi_unik")]
        indexes = [
            # the cycle: every realisasi of a period
            models.Index(fields=["periode", "indikator"], name="realisasi_periode_idx"),
        ]


class BuktiDukung(BaseModel):
    """Evidence for a realisasi: an uploaded file or a link."""

    realisasi = models.ForeignKey(Realisasi, on_delete=models.CASCADE, related_name="bukti")
    nama = models.CharField(_("nama"), max_length=200, blank=True)
    berkas = models.FileField(_("berkas"), upload_to="bukti/%Y/%m/", blank=True)
    ukuran = models.PositiveIntegerField(_("ukuran (byte)"), default=0)
    tautan = models.URLField(_("tautan"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("bukti dukung")
        verbose_name_plural = _("bukti dukung")
        ordering = ["realisasi", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(berkas="") | ~Q(tautan=""), name="bukti_berkas_atau_tautan"),
        ]


class UmpanBalik(BaseModel):
    """Continuous feedback on an RHK: a thread between the pegawai and the pejabat penilai."""

    rhk = models.ForeignKey(RencanaHasilKerja, on_delete=models.CASCADE, related_name="umpan_balik")
    periode = models.ForeignKey(Periode, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    penulis = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    penulis_pegawai = models.ForeignKey(Pegawai, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    isi = models.TextField(_("umpan balik"))

    class Meta:
        verbose_name = _("umpan balik")
        verbose_name_plural = _("umpan balik")
        ordering = ["rhk", "created_at", "id"]


class PermintaanUmpanBalik360(BaseModel):
    """A request to one rater to give 360 feedback on one ratee in one period."""

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu jawaban")
        DIJAWAB = "dijawab", _("Dijawab")

    periode = models.ForeignKey(Periode, on_delete=models.CASCADE, related_name="+")
    dinilai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="umpan_balik_360_diterima")
    penilai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="umpan_balik_360_diminta")
    peran = models.CharField(_("peran penilai"), max_length=15, choices=PeranPenilai360.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.MENUNGGU)
    dijawab_pada = models.DateTimeField(_("dijawab pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("permintaan umpan balik 360")
        verbose_name_plural = _("permintaan umpan balik 360")
        ordering = ["periode", "dinilai", "peran"]
        constraints = [
            models.UniqueConstraint(fields=["periode", "dinilai", "penilai"], name="umpan_balik_360_unik"),
            models.CheckConstraint(
                condition=Q(peran="diri_sendiri", penilai=models.F("dinilai"))
                | ~Q(peran="diri_sendiri") & ~Q(penilai=models.F("dinilai")),
                name="umpan_balik_360_diri_sendiri",
            ),
        ]
        indexes = [
            # "my 360 requests to answer"
            models.Index(fields=["penilai", "status"], name="umpan_balik_360_penilai_idx"),
            # the cycle's perilaku component: answers per ratee in a period
            models.Index(fields=["periode", "dinilai"], name="umpan_balik_360_dinilai_idx"),
        ]


class JawabanUmpanBalik360(models.Model):
    """One answer: a BerAKHLAK value scored 1–5, with a comment."""

    permintaan = models.ForeignKey(PermintaanUmpanBalik360, on_delete=models.CASCADE, related_name="jawaban")
    aspek = models.CharField(_("aspek"), max_length=30, choices=AspekPerilaku.choices)
    skor = models.PositiveSmallIntegerField(_("skor"))
    komentar = models.TextField(_("komentar"), blank=True)

    class Meta:
        verbose_name = _("jawaban umpan balik 360")
        verbose_name_plural = _("jawaban umpan balik 360")
        constraints = [
            models.UniqueConstraint(fields=["permintaan", "aspek"], name="jawaban_360_unik"),
            models.CheckConstraint(condition=Q(skor__gte=1, skor__lte=5), name="jawaban_360_skor_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.get_aspek_display()}: {self.skor}"


class PredikatUnit(BaseModel):
    """The predikat kinerja organisasi of a unit in a period, and its calibration state."""

    class Status(models.TextChoices):
        DRAF = "draf", _("Draf")
        FINAL = "final", _("Final")

    periode = models.ForeignKey(Periode, on_delete=models.CASCADE, related_name="predikat_unit")
    unit_kerja = models.ForeignKey(UnitKerja, on_delete=models.CASCADE, related_name="+")
    predikat_organisasi = models.CharField(_("predikat organisasi"), max_length=20, choices=PredikatOrganisasi.choices)
    status = models.CharField(_("status"), max_length=6, choices=Status.choices, default=Status.DRAF)
    ditetapkan_oleh = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # the broken rules at the last check (rules.Pelanggaran.as_dict), empty when it passes
    pelanggaran = models.JSONField(_("pelanggaran"), default=list, blank=True)
    diperiksa_pada = models.DateTimeField(_("diperiksa pada"), null=True, blank=True)
    difinalisasi_oleh = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    difinalisasi_pada = models.DateTimeField(_("difinalisasi pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("predikat unit")
        verbose_name_plural = _("predikat unit")
        ordering = ["periode", "unit_kerja__path"]
        constraints = [models.UniqueConstraint(fields=["periode", "unit_kerja"], name="predikat_unit_unik")]


class TautanSurvei(BaseModel):
    """The public survey link of a unit layanan: a short code for the link and the QR code."""

    unit_kerja = models.OneToOneField(UnitKerja, on_delete=models.CASCADE, related_name="tautan_survei")
    kode = models.SlugField(_("kode"), max_length=16, unique=True)
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("tautan survei")
        verbose_name_plural = _("tautan survei")


class ResponsSurvei(BaseModel):
    """One anonymous answer to the Survei Kepuasan Masyarakat of a unit layanan."""

    class KelompokUsia(models.TextChoices):
        U_17_25 = "17-25", "17–25"
        U_26_35 = "26-35", "26–35"
        U_36_45 = "36-45", "36–45"
        U_46_55 = "46-55", "46–55"
        U_56 = "56+", _("56 ke atas")

    class Pendidikan(models.TextChoices):
        SD = "sd", _("SD atau di bawahnya")
        SMP = "smp", _("SMP")
        SMA = "sma", _("SMA/SMK")
        DIPLOMA = "diploma", _("D-I sampai D-IV")
        S1 = "s1", _("S-1")
        PASCA = "s2", _("S-2 ke atas")

    class JenisKelamin(models.TextChoices):
        L = "L", _("Laki-laki")
        P = "P", _("Perempuan")

    unit_kerja = models.ForeignKey(UnitKerja, on_delete=models.CASCADE, related_name="+")
    periode = models.ForeignKey(Periode, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    u1 = models.PositiveSmallIntegerField()
    u2 = models.PositiveSmallIntegerField()
    u3 = models.PositiveSmallIntegerField()
    u4 = models.PositiveSmallIntegerField()
    u5 = models.PositiveSmallIntegerField()
    u6 = models.PositiveSmallIntegerField()
    u7 = models.PositiveSmallIntegerField()
    u8 = models.PositiveSmallIntegerField()
    u9 = models.PositiveSmallIntegerField()
    kelompok_usia = models.CharField(_("kelompok usia"), max_length=6, choices=KelompokUsia.choices, blank=True)
    jenis_kelamin = models.CharField(_("jenis kelamin"), max_length=1, choices=JenisKelamin.choices, blank=True)
    pendidikan = models.CharField(_("pendidikan"), max_length=8, choices=Pendidikan.choices, blank=True)
    layanan = models.CharField(_("layanan yang diterima"), max_length=200, blank=True)
    saran = models.TextField(_("pengaduan atau saran"), blank=True)
    tindak_lanjut = models.TextField(_("tindak lanjut"), blank=True)
    ditindaklanjuti_pada = models.DateTimeField(_("ditindaklanjuti pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("respons survei")
        verbose_name_plural = _("respons survei")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    u1__range=(1, 4),
                    u2__range=(1, 4),
                    u3__range=(1, 4),
                    u4__range=(1, 4),
                    u5__range=(1, 4),
                    u6__range=(1, 4),
                    u7__range=(1, 4),
                    u8__range=(1, 4),
                    u9__range=(1, 4),
                ),
                name="respons_survei_skala_1_4",
            ),
        ]
        indexes = [
            # IKM per unit and period: sums of the nine unsur
            models.Index(fields=["periode", "unit_kerja"], name="respons_survei_unit_idx"),
        ]


class HasilIKM(BaseModel):
    """The IKM of a unit layanan in a period, from the raw sums (see rules.ikm_hitung)."""

    unit_kerja = models.ForeignKey(UnitKerja, on_delete=models.CASCADE, related_name="+")
    periode = models.ForeignKey(Periode, on_delete=models.CASCADE, related_name="hasil_ikm")
    responden = models.PositiveIntegerField(_("responden"))
    jumlah_unsur = models.JSONField(_("jumlah nilai per unsur"), default=list)
    nrr = models.JSONField(_("NRR per unsur"), default=list)
    ikm = models.DecimalField(_("IKM"), max_digits=5, decimal_places=2)
    mutu = models.CharField(_("mutu pelayanan"), max_length=1, choices=MutuIKM.choices)
    dipublikasikan = models.BooleanField(_("diterbitkan"), default=False)
    dihitung_pada = models.DateTimeField(_("dihitung pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("hasil IKM")
        verbose_name_plural = _("hasil IKM")
        ordering = ["periode", "unit_kerja__path"]
        constraints = [models.UniqueConstraint(fields=["unit_kerja", "periode"], name="hasil_ikm_unik")]


class SiklusEvaluasi(BaseModel):
    """The evaluation cycle of one period: its steps, progress and outcome. Claimed by a
    conditional update so that only one worker runs it; resumed from ``kursor``."""

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu")
        BERJALAN = "berjalan", _("Berjalan")
        SELESAI = "selesai", _("Selesai")
        GAGAL = "gagal", _("Gagal")

    periode = models.OneToOneField(Periode, on_delete=models.CASCADE, related_name="siklus")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.MENUNGGU)
    langkah = models.CharField(_("langkah"), max_length=30, blank=True)
    total = models.PositiveIntegerField(_("jumlah pegawai"), default=0)
    diproses = models.PositiveIntegerField(_("diproses"), default=0)
    # the last pegawai id whose evaluation was computed: a rerun continues after it
    kursor = models.BigIntegerField(default=0)
    dimulai_oleh = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    dimulai_pada = models.DateTimeField(_("dimulai pada"), null=True, blank=True)
    selesai_pada = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    detak = models.DateTimeField(_("detak terakhir"), null=True, blank=True)
    hasil = models.JSONField(_("hasil"), default=dict, blank=True)
    galat = models.TextField(_("galat"), blank=True)

    class Meta:
        verbose_name = _("siklus evaluasi")
        verbose_name_plural = _("siklus evaluasi")
        ordering = ["-periode__tahun", "-periode__tanggal_mulai"]


# ---------------------------------------------------------------------------------------------
# Kompetensi, standar kompetensi per jabatan and assessment results (DOMAIN.md §3–4)

LEVEL_CHOICES = [(level, str(level)) for level in LEVEL_KOMPETENSI]


class Kompetensi(BaseModel):
    """A kompetensi of the catalogue. The eight manajerial ones and Perekat Bangsa are national
    (``instansi`` empty, loaded by a migration); teknis ones belong to an instansi."""

    instansi = models.ForeignKey(Instansi, null=True, blank=True, on_delete=models.CASCADE, related_name="kompetensi")
    jenis = models.CharField(_("jenis"), max_length=20, choices=JenisKompetensi.choices)
    kode = models.CharField(_("kode"), max_length=30)
    nama = models.CharField(_("nama"), max_length=150)
    deskripsi = models.TextField(_("deskripsi"), blank=True)
    # five strings: what level 1..5 means
    deskripsi_level = models.JSONField(_("deskripsi level 1–5"), default=list, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("kompetensi")
        verbose_name_plural = _("kompetensi")
        ordering = ["jenis", "kode"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "kode"], name="kompetensi_kode_unik"),
            models.UniqueConstraint(
                fields=["kode"], condition=Q(instansi__isnull=True), name="kompetensi_nasional_kode_unik"
            ),
            models.CheckConstraint(
                condition=Q(jenis=JenisKompetensi.TEKNIS, instansi__isnull=False)
                | ~Q(jenis=JenisKompetensi.TEKNIS) & Q(instansi__isnull=True),
                name="kompetensi_teknis_per_instansi",
            ),
        ]

    def __str__(self) -> str:
        return self.nama


class StandarKompetensi(BaseModel):
    """The level a jabatan requires of one kompetensi."""

    jabatan = models.ForeignKey(Jabatan, on_delete=models.CASCADE, related_name="standar_kompetensi")
    kompetensi = models.ForeignKey(Kompetensi, on_delete=models.PROTECT, related_name="standar")
    level = models.PositiveSmallIntegerField(_("level dibutuhkan"), choices=LEVEL_CHOICES)

    class Meta:
        verbose_name = _("standar kompetensi")
        verbose_name_plural = _("standar kompetensi")
        ordering = ["jabatan", "kompetensi__jenis", "kompetensi__kode"]
        constraints = [
            # also the index for "the standard of these jabatan" (JPM, needs derivation)
            models.UniqueConstraint(fields=["jabatan", "kompetensi"], name="standar_kompetensi_unik"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="standar_kompetensi_level_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.jabatan_id}:{self.kompetensi_id}={self.level}"


class Asesmen(BaseModel):
    """One assessment of a pegawai: its date, method, the level per kompetensi and the potensi
    score. The latest assessment that rated a kompetensi gives the pegawai's level of it."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="asesmen")
    tanggal = models.DateField(_("tanggal asesmen"))
    metode = models.CharField(_("metode"), max_length=20, choices=MetodeAsesmen.choices)
    penyelenggara = models.CharField(_("penyelenggara"), max_length=200, blank=True)
    skor_potensi = models.DecimalField(_("skor potensi"), max_digits=5, decimal_places=2, null=True, blank=True)
    catatan = models.TextField(_("catatan"), blank=True)
    dicatat_oleh = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("asesmen")
        verbose_name_plural = _("asesmen")
        ordering = ["-tanggal", "-id"]
        constraints = [
            # an import re-run updates the same assessment instead of adding a copy
            models.UniqueConstraint(fields=["pegawai", "tanggal", "metode"], name="asesmen_unik"),
            models.CheckConstraint(
                condition=Q(skor_potensi__isnull=True) | Q(skor_potensi__gte=0, skor_potensi__lte=100),
                name="asesmen_skor_potensi_0_100",
            ),
        ]
        indexes = [
            # the latest assessment of each pegawai of an instansi (potensi axis, JPM lists)
            models.Index(fields=["instansi", "pegawai", "-tanggal"], name="asesmen_terbaru_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.pegawai_id}@{self.tanggal}"


class HasilAsesmenKompetensi(models.Model):
    """The level an assessment found for one kompetensi."""

    asesmen = models.ForeignKey(Asesmen, on_delete=models.CASCADE, related_name="hasil")
    kompetensi = models.ForeignKey(Kompetensi, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level dicapai"), choices=LEVEL_CHOICES)

    class Meta:
        verbose_name = _("hasil asesmen kompetensi")
        verbose_name_plural = _("hasil asesmen kompetensi")
        constraints = [
            models.UniqueConstraint(fields=["asesmen", "kompetensi"], name="hasil_asesmen_unik"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="hasil_asesmen_level_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.asesmen_id}:{self.kompetensi_id}={self.level}"
