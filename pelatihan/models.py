"""Development: the training catalogue, training needs with their reasons, budget-constrained
allocation runs, the JP ledger (training records and certificates) and mentoring.

Every need, allocation decision and mentoring pair stores the data it rests on (``dasar``,
``alasan``), so that anyone can see why it exists. Statuses are TextChoices; invariants are
database constraints; each index names the query that needs it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common.models import BaseModel
from pegawai.models import Golongan, Instansi, Jabatan, Pegawai
from penilaian.models import LEVEL_CHOICES, Kompetensi

from .rules import AlasanAlokasi, Bentuk, JenisKebutuhan, JenisMentoring

USER = settings.AUTH_USER_MODEL


class ProgramPelatihan(BaseModel):
    """A programme of the catalogue for one year: what it builds, its form, cost and seats."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="program_pelatihan")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    kode = models.CharField(_("kode"), max_length=40)
    nama = models.CharField(_("nama program"), max_length=200)
    deskripsi = models.TextField(_("deskripsi"), blank=True)
    bentuk = models.CharField(_("bentuk"), max_length=20, choices=Bentuk.choices)
    penyelenggara = models.CharField(_("penyelenggara"), max_length=200, blank=True)
    jp = models.DecimalField(_("JP"), max_digits=6, decimal_places=2)
    biaya_per_peserta = models.DecimalField(_("biaya per peserta (Rp)"), max_digits=14, decimal_places=2)
    kursi_per_angkatan = models.PositiveIntegerField(_("kursi per angkatan"))
    jumlah_angkatan = models.PositiveSmallIntegerField(_("jumlah angkatan"), default=1)
    tanggal_mulai = models.DateField(_("tanggal mulai"), null=True, blank=True)
    tanggal_selesai = models.DateField(_("tanggal selesai"), null=True, blank=True)
    # eligibility: jabatan types (empty: every type) and a golongan range (empty: no bound)
    jenis_jabatan = models.JSONField(_("jenis jabatan yang boleh ikut"), default=list, blank=True)
    golongan_minimal = models.ForeignKey(
        Golongan, verbose_name=_("golongan minimal"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    golongan_maksimal = models.ForeignKey(
        Golongan, verbose_name=_("golongan maksimal"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # mandatory for holders of these jabatan types who have not completed it (e.g. leadership
    # training for new administrators)
    wajib_jenis_jabatan = models.JSONField(_("wajib bagi jenis jabatan"), default=list, blank=True)
    # addresses performance gaps (coaching, counselling, specific training)
    untuk_kinerja = models.BooleanField(_("untuk kesenjangan kinerja"), default=False)
    is_active = models.BooleanField(_("aktif"), default=True)
    kompetensi = models.ManyToManyField(
        Kompetensi, through="ProgramKompetensi", related_name="program_pelatihan", blank=True
    )

    class Meta:
        verbose_name = _("program pelatihan")
        verbose_name_plural = _("program pelatihan")
        ordering = ["-tahun", "nama"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "tahun", "kode"], name="program_pelatihan_kode_unik"),
            models.CheckConstraint(condition=Q(jp__gt=0), name="program_pelatihan_jp_positif"),
            models.CheckConstraint(condition=Q(biaya_per_peserta__gte=0), name="program_pelatihan_biaya_nonnegatif"),
            models.CheckConstraint(
                condition=Q(kursi_per_angkatan__gte=1, jumlah_angkatan__gte=1), name="program_pelatihan_kursi_ada"
            ),
            models.CheckConstraint(
                condition=Q(tanggal_mulai__isnull=True)
                | Q(tanggal_selesai__isnull=True)
                | Q(tanggal_selesai__gte=F("tanggal_mulai")),
                name="program_pelatihan_rentang_valid",
            ),
        ]
        indexes = [
            # the catalogue of a year (pages, allocation)
            models.Index(fields=["instansi", "tahun", "is_active"], name="program_tahun_idx"),
        ]

    def __str__(self) -> str:
        return self.nama

    @property
    def kursi(self) -> int:
        return self.kursi_per_angkatan * self.jumlah_angkatan


class ProgramKompetensi(models.Model):
    """A kompetensi a programme builds, and the level a participant reaches with it."""

    program = models.ForeignKey(ProgramPelatihan, on_delete=models.CASCADE, related_name="kompetensi_dibangun")
    kompetensi = models.ForeignKey(Kompetensi, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level yang dicapai"), choices=LEVEL_CHOICES)

    class Meta:
        verbose_name = _("kompetensi program")
        verbose_name_plural = _("kompetensi program")
        constraints = [
            models.UniqueConstraint(fields=["program", "kompetensi"], name="program_kompetensi_unik"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="program_kompetensi_level_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.program_id}:{self.kompetensi_id}={self.level}"


class TargetJabatan(BaseModel):
    """A jabatan a pegawai is developed towards: set for KRS members (by the career app through
    ``target_jabatan_set``), by BKD, or chosen by the pegawai as an aspiration."""

    class Sumber(models.TextChoices):
        KRS = "krs", _("Kelompok rencana suksesi")
        BKD = "bkd", _("Ditetapkan BKD")
        PEGAWAI = "pegawai", _("Pilihan pegawai")

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="target_jabatan")
    jabatan = models.ForeignKey(Jabatan, on_delete=models.CASCADE, related_name="+")
    sumber = models.CharField(_("sumber"), max_length=10, choices=Sumber.choices)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("target jabatan")
        verbose_name_plural = _("target jabatan")
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "jabatan"], name="target_jabatan_unik"),
        ]


class PermintaanPelatihan(BaseModel):
    """A pegawai's request for development; once the atasan endorses it, the next derivation
    turns it into a need of its own."""

    class Status(models.TextChoices):
        DIAJUKAN = "diajukan", _("Diajukan")
        DIDUKUNG = "didukung", _("Didukung atasan")
        DITOLAK = "ditolak", _("Ditolak atasan")
        DIBATALKAN = "dibatalkan", _("Dibatalkan")

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="permintaan_pelatihan")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    program = models.ForeignKey(
        ProgramPelatihan, verbose_name=_("program"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kompetensi = models.ForeignKey(
        Kompetensi, verbose_name=_("kompetensi"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    alasan = models.TextField(_("alasan"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DIAJUKAN)
    ditanggapi_oleh = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    ditanggapi_pada = models.DateTimeField(_("ditanggapi pada"), null=True, blank=True)
    tanggapan = models.TextField(_("tanggapan atasan"), blank=True)

    class Meta:
        verbose_name = _("permintaan pelatihan")
        verbose_name_plural = _("permintaan pelatihan")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(program__isnull=False) | Q(kompetensi__isnull=False),
                name="permintaan_pelatihan_ada_sasaran",
            ),
        ]
        indexes = [
            # a pegawai's requests; the derivation reads the endorsed ones of a year
            models.Index(fields=["pegawai", "tahun", "status"], name="permintaan_pegawai_idx"),
        ]


class KebutuhanPelatihan(BaseModel):
    """A training need of one pegawai in one year, with its reason (``dasar``) and priority.

    ``kunci`` identifies the need across derivations (e.g. ``kompetensi:<jabatan>:<kompetensi>``):
    a derivation that sees the need again updates it, one that no longer sees it closes it."""

    class Status(models.TextChoices):
        TERBUKA = "terbuka", _("Terbuka")
        DIALOKASIKAN = "dialokasikan", _("Dialokasikan")
        TERPENUHI = "terpenuhi", _("Terpenuhi")
        DITUTUP = "ditutup", _("Ditutup")

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="kebutuhan_pelatihan")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    jenis = models.CharField(_("jenis"), max_length=20, choices=JenisKebutuhan.choices)
    kunci = models.CharField(max_length=100)
    kompetensi = models.ForeignKey(
        Kompetensi, verbose_name=_("kompetensi"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    jabatan = models.ForeignKey(
        Jabatan, verbose_name=_("jabatan acuan"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    level_dibutuhkan = models.PositiveSmallIntegerField(_("level dibutuhkan"), null=True, blank=True)
    level_dicapai = models.PositiveSmallIntegerField(_("level dicapai"), null=True, blank=True)
    program = models.ForeignKey(
        ProgramPelatihan, verbose_name=_("program"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    permintaan = models.ForeignKey(
        PermintaanPelatihan, null=True, blank=True, on_delete=models.SET_NULL, related_name="kebutuhan"
    )
    # JP still missing this year (jenis jp)
    jp_kurang = models.DecimalField(_("JP kurang"), max_digits=6, decimal_places=2, null=True, blank=True)
    prioritas = models.PositiveSmallIntegerField(_("prioritas"))
    # the data the reason is rendered from (predikat and period, levels, JP, request ...)
    dasar = models.JSONField(_("dasar"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.TERBUKA)
    diperbarui_siklus = models.DateTimeField(_("terakhir diturunkan"), null=True, blank=True)
    ditutup_pada = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    alasan_tutup = models.CharField(_("alasan ditutup"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("kebutuhan pelatihan")
        verbose_name_plural = _("kebutuhan pelatihan")
        ordering = ["-prioritas", "pegawai__nama"]
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "tahun", "kunci"], name="kebutuhan_pelatihan_unik"),
            models.CheckConstraint(condition=Q(prioritas__lte=1000), name="kebutuhan_prioritas_wajar"),
        ]
        indexes = [
            # BKD lists and the allocation: open needs of a year
            models.Index(fields=["instansi", "tahun", "status", "jenis"], name="kebutuhan_tahun_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.pegawai_id}:{self.kunci}"


class Alokasi(BaseModel):
    """An allocation run: who attends what within a budget and the seats, solved as a MILP.
    Claimed by a conditional update; BKD adjusts the result, then approves it."""

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu")
        BERJALAN = "berjalan", _("Berjalan")
        SELESAI = "selesai", _("Selesai, menunggu persetujuan")
        GAGAL = "gagal", _("Gagal")
        DISETUJUI = "disetujui", _("Disetujui")
        DIBATALKAN = "dibatalkan", _("Dibatalkan")

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="alokasi_pelatihan")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    nama = models.CharField(_("nama"), max_length=200)
    anggaran = models.DecimalField(_("anggaran (Rp)"), max_digits=16, decimal_places=2)
    # empty: every active programme of the year (an allocation for a year); otherwise a batch
    program = models.ManyToManyField(ProgramPelatihan, blank=True, related_name="+")
    # the policy values the run used (fairness share, dimensions, weights), kept for explanation
    parameter = models.JSONField(_("parameter"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.MENUNGGU)
    langkah = models.CharField(_("langkah"), max_length=30, blank=True)
    progres = models.PositiveSmallIntegerField(_("progres (%)"), default=0)
    dimulai_oleh = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    dimulai_pada = models.DateTimeField(_("dimulai pada"), null=True, blank=True)
    selesai_pada = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    detak = models.DateTimeField(_("detak terakhir"), null=True, blank=True)
    nilai_objektif = models.DecimalField(_("nilai objektif"), max_digits=16, decimal_places=4, null=True, blank=True)
    batas_lp = models.DecimalField(_("batas LP"), max_digits=16, decimal_places=4, null=True, blank=True)
    gap_persen = models.DecimalField(_("gap (%)"), max_digits=8, decimal_places=4, null=True, blank=True)
    # solver status, sizes, time; budget and seats used; per-group shares
    hasil = models.JSONField(_("hasil"), default=dict, blank=True)
    galat = models.TextField(_("galat"), blank=True)
    disetujui_oleh = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    disetujui_pada = models.DateTimeField(_("disetujui pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("alokasi pelatihan")
        verbose_name_plural = _("alokasi pelatihan")
        ordering = ["-tahun", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(anggaran__gte=0), name="alokasi_anggaran_nonnegatif"),
            models.CheckConstraint(condition=Q(progres__lte=100), name="alokasi_progres_0_100"),
        ]

    def __str__(self) -> str:
        return self.nama


class AlokasiPeserta(models.Model):
    """One need considered by an allocation run: chosen for a programme or not, and why."""

    alokasi = models.ForeignKey(Alokasi, on_delete=models.CASCADE, related_name="peserta")
    kebutuhan = models.ForeignKey(KebutuhanPelatihan, on_delete=models.CASCADE, related_name="alokasi_peserta")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(ProgramPelatihan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    terpilih = models.BooleanField(_("terpilih"), default=False)
    manfaat = models.DecimalField(_("manfaat"), max_digits=12, decimal_places=4, default=0)
    biaya = models.DecimalField(_("biaya (Rp)"), max_digits=14, decimal_places=2, default=0)
    alasan = models.CharField(_("alasan"), max_length=30, choices=AlasanAlokasi.choices)
    # the numbers behind the reason (best programme, its benefit, the cut-off, the group share ...)
    alasan_data = models.JSONField(default=dict, blank=True)
    disesuaikan = models.BooleanField(_("disesuaikan BKD"), default=False)
    disesuaikan_oleh = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    catatan_penyesuaian = models.TextField(_("catatan penyesuaian"), blank=True)

    class Meta:
        verbose_name = _("peserta alokasi")
        verbose_name_plural = _("peserta alokasi")
        constraints = [
            models.UniqueConstraint(fields=["alokasi", "kebutuhan"], name="alokasi_peserta_unik"),
        ]
        indexes = [
            # a run's chosen participants per programme (seats and budget on adjust, results page)
            models.Index(fields=["alokasi", "terpilih", "program"], name="alokasi_peserta_program_idx"),
            # "why was I (not) chosen": a pegawai's rows
            models.Index(fields=["pegawai", "alokasi"], name="alokasi_peserta_pegawai_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.alokasi_id}:{self.kebutuhan_id}"


class RiwayatPelatihan(BaseModel):
    """A training record of the JP ledger: scheduled by an approved allocation or recorded by BKD
    or the pegawai, completed with its JP, certificate and evaluation."""

    class Status(models.TextChoices):
        TERJADWAL = "terjadwal", _("Terjadwal")
        SELESAI = "selesai", _("Selesai")
        TIDAK_SELESAI = "tidak_selesai", _("Tidak selesai")
        BATAL = "batal", _("Batal")

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="riwayat_pelatihan")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    program = models.ForeignKey(
        ProgramPelatihan, verbose_name=_("program"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    alokasi_peserta = models.OneToOneField(
        AlokasiPeserta, null=True, blank=True, on_delete=models.SET_NULL, related_name="riwayat"
    )
    kebutuhan = models.ForeignKey(
        KebutuhanPelatihan, null=True, blank=True, on_delete=models.SET_NULL, related_name="riwayat"
    )
    nama = models.CharField(_("nama pelatihan"), max_length=200)
    bentuk = models.CharField(_("bentuk"), max_length=20, choices=Bentuk.choices)
    penyelenggara = models.CharField(_("penyelenggara"), max_length=200, blank=True)
    tanggal_mulai = models.DateField(_("tanggal mulai"))
    tanggal_selesai = models.DateField(_("tanggal selesai"))
    jp = models.DecimalField(_("JP"), max_digits=6, decimal_places=2)
    biaya = models.DecimalField(_("biaya (Rp)"), max_digits=14, decimal_places=2, default=0)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.TERJADWAL)
    nomor_sertifikat = models.CharField(_("nomor sertifikat"), max_length=100, blank=True)
    sertifikat = models.FileField(_("sertifikat"), upload_to="sertifikat/%Y/%m/", blank=True)
    # the participant's evaluation of the training (1–5) and the provider's score of the participant
    nilai_evaluasi = models.PositiveSmallIntegerField(_("evaluasi peserta (1–5)"), null=True, blank=True)
    catatan_evaluasi = models.TextField(_("catatan evaluasi"), blank=True)
    nilai_peserta = models.DecimalField(_("nilai peserta"), max_digits=5, decimal_places=2, null=True, blank=True)
    dicatat_oleh = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("riwayat pelatihan")
        verbose_name_plural = _("riwayat pelatihan")
        ordering = ["-tanggal_mulai", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(jp__gte=0), name="riwayat_pelatihan_jp_nonnegatif"),
            models.CheckConstraint(
                condition=Q(tanggal_selesai__gte=F("tanggal_mulai")), name="riwayat_pelatihan_rentang_valid"
            ),
            models.CheckConstraint(
                condition=Q(nilai_evaluasi__isnull=True) | Q(nilai_evaluasi__gte=1, nilai_evaluasi__lte=5),
                name="riwayat_pelatihan_evaluasi_1_5",
            ),
        ]
        indexes = [
            # the JP ledger: a pegawai's completed JP in a year
            models.Index(fields=["pegawai", "tahun", "status"], name="riwayat_pelatihan_jp_idx"),
            # the fair access report and the below-20-JP list: an instansi's records of a year
            models.Index(fields=["instansi", "tahun", "status"], name="riwayat_pelatihan_tahun_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.nama} ({self.pegawai_id})"


class PenjodohanMentoring(BaseModel):
    """A mentor–mentee pairing run of one instansi and year (optimal assignment)."""

    class Status(models.TextChoices):
        BERJALAN = "berjalan", _("Berjalan")
        SELESAI = "selesai", _("Selesai")
        GAGAL = "gagal", _("Gagal")

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.BERJALAN)
    progres = models.PositiveSmallIntegerField(_("progres (%)"), default=0)
    dimulai_oleh = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    selesai_pada = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    # candidate counts, pairs, total cost, solver time
    hasil = models.JSONField(_("hasil"), default=dict, blank=True)
    galat = models.TextField(_("galat"), blank=True)

    class Meta:
        verbose_name = _("penjodohan mentoring")
        verbose_name_plural = _("penjodohan mentoring")
        ordering = ["-created_at"]


class PasanganMentoring(BaseModel):
    """A mentor and a mentee: proposed by a pairing run (with the reason for the pair), confirmed
    by BKD, with a plan, sessions, the mentee's feedback and the outcome."""

    class Status(models.TextChoices):
        USULAN = "usulan", _("Usulan")
        AKTIF = "aktif", _("Aktif")
        SELESAI = "selesai", _("Selesai")
        DIBATALKAN = "dibatalkan", _("Dibatalkan")

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    jenis = models.CharField(
        _("jenis"), max_length=10, choices=JenisMentoring.choices, default=JenisMentoring.MENTORING
    )
    penjodohan = models.ForeignKey(
        PenjodohanMentoring, null=True, blank=True, on_delete=models.SET_NULL, related_name="pasangan"
    )
    mentor = models.ForeignKey(
        Pegawai, verbose_name=_("mentor"), on_delete=models.CASCADE, related_name="mentee_pasangan"
    )
    mentee = models.ForeignKey(
        Pegawai, verbose_name=_("mentee"), on_delete=models.CASCADE, related_name="mentor_pasangan"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.USULAN)
    skor = models.DecimalField(_("skor kecocokan"), max_digits=8, decimal_places=2, default=0)
    # why this pair: the mentee's reasons, the kompetensi the mentor is strong in, seniority, field
    alasan = models.JSONField(_("alasan"), default=dict, blank=True)
    tujuan = models.TextField(_("rencana dan tujuan mentoring"), blank=True)
    umpan_balik_mentee = models.TextField(_("umpan balik mentee"), blank=True)
    nilai_umpan_balik = models.PositiveSmallIntegerField(_("nilai dari mentee (1–5)"), null=True, blank=True)
    hasil = models.TextField(_("hasil pada asesmen berikutnya"), blank=True)
    jpm_awal = models.DecimalField(_("JPM awal"), max_digits=5, decimal_places=2, null=True, blank=True)
    jpm_akhir = models.DecimalField(_("JPM akhir"), max_digits=5, decimal_places=2, null=True, blank=True)
    dikonfirmasi_oleh = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    dikonfirmasi_pada = models.DateTimeField(_("dikonfirmasi pada"), null=True, blank=True)
    selesai_pada = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("pasangan mentoring")
        verbose_name_plural = _("pasangan mentoring")
        ordering = ["-tahun", "mentor__nama"]
        constraints = [
            models.CheckConstraint(condition=~Q(mentor=F("mentee")), name="mentoring_bukan_diri_sendiri"),
            # one running pair per mentee and year
            models.UniqueConstraint(
                fields=["mentee", "tahun"],
                condition=Q(status__in=["usulan", "aktif"]),
                name="mentoring_satu_pasangan_berjalan",
            ),
            models.CheckConstraint(
                condition=Q(nilai_umpan_balik__isnull=True) | Q(nilai_umpan_balik__gte=1, nilai_umpan_balik__lte=5),
                name="mentoring_nilai_1_5",
            ),
        ]
        indexes = [
            # a mentor's mentees (capacity check, "my mentees")
            models.Index(fields=["mentor", "tahun", "status"], name="mentoring_mentor_idx"),
            # BKD list of an instansi's pairs of a year
            models.Index(fields=["instansi", "tahun", "status"], name="mentoring_tahun_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor_id}→{self.mentee_id} ({self.tahun})"


class SesiMentoring(BaseModel):
    """One mentoring or coaching session; its duration gives the mentee's JP (45 minutes = 1 JP)."""

    pasangan = models.ForeignKey(PasanganMentoring, on_delete=models.CASCADE, related_name="sesi")
    tanggal = models.DateField(_("tanggal"))
    durasi_menit = models.PositiveSmallIntegerField(_("durasi (menit)"))
    jp = models.DecimalField(_("JP"), max_digits=6, decimal_places=2)
    topik = models.CharField(_("topik"), max_length=200)
    catatan = models.TextField(_("catatan"), blank=True)
    dicatat_oleh = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("sesi mentoring")
        verbose_name_plural = _("sesi mentoring")
        ordering = ["-tanggal", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(durasi_menit__gte=1, durasi_menit__lte=600), name="sesi_durasi_wajar"),
            models.CheckConstraint(condition=Q(jp__gte=0), name="sesi_jp_nonnegatif"),
        ]
        indexes = [
            # the JP ledger: sessions of a pair in a year
            models.Index(fields=["pasangan", "tanggal"], name="sesi_pasangan_idx"),
        ]
