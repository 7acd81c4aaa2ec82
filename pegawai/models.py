"""Profiles and organisation: Instansi (the tenant), UnitKerja, Jabatan, Golongan, Pegawai, riwayat."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common.models import BaseModel

if TYPE_CHECKING:
    from common.policies import Kebijakan


class Instansi(BaseModel):
    """The employing government: the tenant. Every other row belongs to one."""

    nama = models.CharField(_("nama"), max_length=200)
    kode = models.SlugField(_("kode"), max_length=40, unique=True)
    # Policy overrides (common.policies.Kebijakan); absent keys take the DOMAIN.md defaults.
    kebijakan_data = models.JSONField(_("kebijakan"), default=dict, blank=True)

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["nama"]

    def __str__(self) -> str:
        return self.nama

    @property
    def kebijakan(self) -> Kebijakan:
        from common.policies import Kebijakan

        return Kebijakan.from_dict(self.kebijakan_data)


class User(AbstractUser):
    """A login. Pegawai log in with their NIP as username; BKD staff with a username."""

    class Peran(models.TextChoices):
        BKD = "bkd", _("Petugas BKD")
        PIMPINAN = "pimpinan", _("Pimpinan")
        PEGAWAI = "pegawai", _("Pegawai")

    instansi = models.ForeignKey(Instansi, verbose_name=_("instansi"), null=True, blank=True, on_delete=models.PROTECT)
    peran = models.CharField(_("peran"), max_length=10, choices=Peran.choices, default=Peran.PEGAWAI)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_superuser=True) | Q(instansi__isnull=False),
                name="user_instansi_required",
            )
        ]

    @property
    def is_bkd(self) -> bool:
        return self.peran == self.Peran.BKD or self.is_superuser

    @property
    def is_pimpinan(self) -> bool:
        return self.peran == self.Peran.PIMPINAN


class Pendidikan(models.TextChoices):
    """Education levels, in ascending order (the order is used for requirements and ceilings)."""

    SD = "SD", _("SD")
    SLTP = "SLTP", _("SLTP")
    SLTP_KEJURUAN = "SLTP_KEJ", _("SLTP Kejuruan")
    SLTA = "SLTA", _("SLTA/SMK")
    D1 = "D1", _("D-I")
    D2 = "D2", _("D-II")
    D3 = "D3", _("D-III")
    D4 = "D4", _("D-IV")
    S1 = "S1", _("S-1")
    PROFESI = "PROFESI", _("Profesi (dokter/apoteker)")
    S2 = "S2", _("S-2")
    S3 = "S3", _("S-3")


PENDIDIKAN_URUTAN = {value: i for i, value in enumerate(Pendidikan.values)}


class JenisKelamin(models.TextChoices):
    LAKI_LAKI = "L", _("Laki-laki")
    PEREMPUAN = "P", _("Perempuan")


class JenisASN(models.TextChoices):
    PNS = "PNS", _("PNS")
    PPPK = "PPPK", _("PPPK")


class Golongan(models.Model):
    """Golongan/ruang with pangkat (PNS I/a..IV/e) and PPPK golongan I..XVII. Reference data."""

    jenis_asn = models.CharField(_("jenis ASN"), max_length=4, choices=JenisASN.choices)
    kode = models.CharField(_("golongan"), max_length=6)
    pangkat = models.CharField(_("pangkat"), max_length=60, blank=True)
    urutan = models.PositiveSmallIntegerField(_("urutan"))

    class Meta:
        verbose_name = _("golongan")
        verbose_name_plural = _("golongan")
        ordering = ["jenis_asn", "urutan"]
        constraints = [
            models.UniqueConstraint(fields=["jenis_asn", "kode"], name="golongan_kode_unik"),
            models.UniqueConstraint(fields=["jenis_asn", "urutan"], name="golongan_urutan_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.pangkat}".strip()


class UnitKerja(BaseModel):
    """An organisational unit; a tree (perangkat daerah → bidang → seksi, UPT, ...)."""

    class Jenis(models.TextChoices):
        SEKRETARIAT = "sekretariat", _("Sekretariat")
        DINAS = "dinas", _("Dinas")
        BADAN = "badan", _("Badan")
        KANTOR = "kantor", _("Kantor/Kecamatan")
        BAGIAN = "bagian", _("Bagian")
        BIDANG = "bidang", _("Bidang")
        SUBBAGIAN = "subbagian", _("Subbagian")
        SEKSI = "seksi", _("Seksi")
        UPT = "upt", _("UPT")
        PUSKESMAS = "puskesmas", _("Puskesmas")
        SEKOLAH = "sekolah", _("Sekolah")
        KELURAHAN = "kelurahan", _("Kelurahan")

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="unit_kerja")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("unit induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    nama = models.CharField(_("nama"), max_length=200)
    kode = models.CharField(_("kode"), max_length=40)
    jenis = models.CharField(_("jenis"), max_length=20, choices=Jenis.choices)
    is_unit_layanan = models.BooleanField(
        _("unit layanan"), default=False, help_text=_("Melayani publik dan disurvei untuk IKM.")
    )
    # Materialised path of ids ("12/40/41/") so that a subtree is one indexed prefix query.
    path = models.CharField(max_length=255, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "kode"], name="unit_kerja_kode_unik"),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="unit_kerja_bukan_induk_sendiri"),
        ]
        indexes = [
            # subtree filters on the pegawai list: unit_kerja__path__startswith
            models.Index(fields=["instansi", "path"], name="unit_kerja_path_idx"),
        ]

    def __str__(self) -> str:
        return self.nama


class Jabatan(BaseModel):
    """A position with its requirements. Its superior jabatan gives the reporting line."""

    class Jenis(models.TextChoices):
        JPT_UTAMA = "jpt_utama", _("JPT Utama")
        JPT_MADYA = "jpt_madya", _("JPT Madya")
        JPT_PRATAMA = "jpt_pratama", _("JPT Pratama")
        ADMINISTRATOR = "administrator", _("Administrator")
        PENGAWAS = "pengawas", _("Pengawas")
        PELAKSANA = "pelaksana", _("Pelaksana")
        FUNGSIONAL_KEAHLIAN = "fungsional_keahlian", _("Fungsional Keahlian")
        FUNGSIONAL_KETERAMPILAN = "fungsional_keterampilan", _("Fungsional Keterampilan")

    class Jenjang(models.TextChoices):
        AHLI_PERTAMA = "ahli_pertama", _("Ahli Pertama")
        AHLI_MUDA = "ahli_muda", _("Ahli Muda")
        AHLI_MADYA = "ahli_madya", _("Ahli Madya")
        AHLI_UTAMA = "ahli_utama", _("Ahli Utama")
        PEMULA = "pemula", _("Pemula")
        TERAMPIL = "terampil", _("Terampil")
        MAHIR = "mahir", _("Mahir")
        PENYELIA = "penyelia", _("Penyelia")

    class Eselon(models.TextChoices):
        I_A = "I.a", "I.a"
        I_B = "I.b", "I.b"
        II_A = "II.a", "II.a"
        II_B = "II.b", "II.b"
        III_A = "III.a", "III.a"
        III_B = "III.b", "III.b"
        IV_A = "IV.a", "IV.a"
        IV_B = "IV.b", "IV.b"
        V = "V", "V"

    JENJANG_KEAHLIAN = (Jenjang.AHLI_PERTAMA, Jenjang.AHLI_MUDA, Jenjang.AHLI_MADYA, Jenjang.AHLI_UTAMA)
    JENJANG_KETERAMPILAN = (Jenjang.PEMULA, Jenjang.TERAMPIL, Jenjang.MAHIR, Jenjang.PENYELIA)

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="jabatan")
    unit_kerja = models.ForeignKey(
        UnitKerja, verbose_name=_("unit kerja"), on_delete=models.PROTECT, related_name="jabatan"
    )
    nama = models.CharField(_("nama jabatan"), max_length=200)
    jenis = models.CharField(_("jenis jabatan"), max_length=30, choices=Jenis.choices)
    jenjang = models.CharField(_("jenjang"), max_length=20, choices=Jenjang.choices, blank=True)
    eselon = models.CharField(_("eselon"), max_length=5, choices=Eselon.choices, blank=True)
    atasan = models.ForeignKey(
        "self",
        verbose_name=_("jabatan atasan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bawahan",
    )
    is_kepala_unit = models.BooleanField(_("kepala unit"), default=False)
    kebutuhan = models.PositiveSmallIntegerField(
        _("kebutuhan (formasi)"), default=1, help_text=_("Jumlah pemangku yang dibutuhkan.")
    )
    pendidikan_minimal = models.CharField(
        _("pendidikan minimal"), max_length=10, choices=Pendidikan.choices, blank=True
    )
    golongan_minimal = models.ForeignKey(
        Golongan,
        verbose_name=_("golongan minimal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    golongan_maksimal = models.ForeignKey(
        Golongan,
        verbose_name=_("golongan maksimal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Materialised path of jabatan ids down the reporting line, for indirect-subordinate queries.
    path = models.CharField(max_length=512, editable=False, default="")

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        ordering = ["unit_kerja__path", "nama"]
        constraints = [
            models.CheckConstraint(condition=~Q(atasan=F("id")), name="jabatan_bukan_atasan_sendiri"),
            models.CheckConstraint(condition=Q(kebutuhan__gte=1), name="jabatan_kebutuhan_positif"),
            models.CheckConstraint(
                condition=Q(jenjang="") | Q(jenis__in=["fungsional_keahlian", "fungsional_keterampilan"]),
                name="jabatan_jenjang_hanya_fungsional",
            ),
            models.UniqueConstraint(
                fields=["unit_kerja"],
                condition=Q(is_kepala_unit=True),
                name="jabatan_satu_kepala_per_unit",
            ),
        ]
        indexes = [
            # indirect subordinates: jabatan__path__startswith
            models.Index(fields=["instansi", "path"], name="jabatan_path_idx"),
        ]

    def __str__(self) -> str:
        return self.nama


class Pegawai(BaseModel):
    """A civil servant (PNS or PPPK)."""

    class Status(models.TextChoices):
        AKTIF = "aktif", _("Aktif")
        CLTN = "cltn", _("Cuti di luar tanggungan negara")
        PENSIUN = "pensiun", _("Pensiun")
        BERHENTI = "berhenti", _("Berhenti")
        MENINGGAL = "meninggal", _("Meninggal")

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="pegawai")
    user = models.OneToOneField(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="pegawai")
    jenis_asn = models.CharField(_("jenis ASN"), max_length=4, choices=JenisASN.choices)
    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    nama = models.CharField(_("nama"), max_length=150)
    gelar_depan = models.CharField(_("gelar depan"), max_length=30, blank=True)
    gelar_belakang = models.CharField(_("gelar belakang"), max_length=60, blank=True)
    jenis_kelamin = models.CharField(_("jenis kelamin"), max_length=1, choices=JenisKelamin.choices)
    tempat_lahir = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    tanggal_lahir = models.DateField(_("tanggal lahir"))
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    pendidikan_terakhir = models.CharField(_("pendidikan terakhir"), max_length=10, choices=Pendidikan.choices)
    tmt_cpns = models.DateField(_("TMT CPNS/PPPK"))
    golongan = models.ForeignKey(Golongan, verbose_name=_("golongan"), on_delete=models.PROTECT, related_name="+")
    tmt_golongan = models.DateField(_("TMT golongan"))
    jabatan = models.ForeignKey(
        Jabatan,
        verbose_name=_("jabatan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pemangku",
    )
    tmt_jabatan = models.DateField(_("TMT jabatan"), null=True, blank=True)
    unit_kerja = models.ForeignKey(
        UnitKerja, verbose_name=_("unit kerja"), on_delete=models.PROTECT, related_name="pegawai"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.AKTIF)
    # Derived from the jabatan tree by pegawai.services.atasan_recompute; stored for fast scoping.
    atasan = models.ForeignKey(
        "self",
        verbose_name=_("atasan langsung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bawahan_langsung",
        editable=False,
    )
    # Explicit exception to the jabatan tree (e.g. a Plt or a seconded pegawai).
    atasan_override = models.ForeignKey(
        "self",
        verbose_name=_("pejabat penilai (pengecualian)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        ordering = ["nama", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(atasan=F("id")), name="pegawai_bukan_atasan_sendiri"),
            models.CheckConstraint(
                condition=Q(tmt_jabatan__isnull=False) | Q(jabatan__isnull=True),
                name="pegawai_tmt_jabatan_wajib",
            ),
        ]
        indexes = [
            # the pegawai list, ordered by name within an instansi: pegawai_list_for_user() reads
            # the first page of 50 straight from this index instead of sorting 100,000 rows
            models.Index(fields=["instansi", "nama", "id"], name="pegawai_list_idx"),
        ]

    def __str__(self) -> str:
        return self.nama_lengkap

    @property
    def nama_lengkap(self) -> str:
        depan = f"{self.gelar_depan} " if self.gelar_depan else ""
        belakang = f", {self.gelar_belakang}" if self.gelar_belakang else ""
        return f"{depan}{self.nama}{belakang}"


class RiwayatPangkat(BaseModel):
    class Jenis(models.TextChoices):
        CPNS = "cpns", _("Pengangkatan CPNS/PPPK")
        REGULER = "reguler", _("KP reguler")
        PILIHAN = "pilihan", _("KP pilihan")
        PENYESUAIAN_IJAZAH = "penyesuaian_ijazah", _("Penyesuaian ijazah")
        FUNGSIONAL = "fungsional", _("KP jabatan fungsional")
        LAINNYA = "lainnya", _("Lainnya")

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="riwayat_pangkat")
    golongan = models.ForeignKey(Golongan, verbose_name=_("golongan"), on_delete=models.PROTECT)
    tmt = models.DateField(_("TMT"))
    jenis = models.CharField(_("jenis"), max_length=20, choices=Jenis.choices, default=Jenis.REGULER)
    nomor_sk = models.CharField(_("nomor SK"), max_length=100, blank=True)
    tanggal_sk = models.DateField(_("tanggal SK"), null=True, blank=True)

    class Meta:
        verbose_name = _("riwayat pangkat")
        verbose_name_plural = _("riwayat pangkat")
        ordering = ["pegawai", "-tmt"]
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "golongan"], name="riwayat_pangkat_unik"),
        ]


class RiwayatJabatan(BaseModel):
    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="riwayat_jabatan")
    jabatan = models.ForeignKey(Jabatan, verbose_name=_("jabatan"), null=True, blank=True, on_delete=models.SET_NULL)
    # Names as they were: a jabatan renamed or removed later does not rewrite history.
    nama_jabatan = models.CharField(_("nama jabatan"), max_length=200)
    nama_unit = models.CharField(_("unit kerja"), max_length=200, blank=True)
    jenis_jabatan = models.CharField(_("jenis jabatan"), max_length=30, choices=Jabatan.Jenis.choices)
    tmt = models.DateField(_("TMT"))
    tmt_selesai = models.DateField(_("sampai"), null=True, blank=True)
    nomor_sk = models.CharField(_("nomor SK"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("riwayat jabatan")
        verbose_name_plural = _("riwayat jabatan")
        ordering = ["pegawai", "-tmt"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tmt_selesai__isnull=True) | Q(tmt_selesai__gte=F("tmt")),
                name="riwayat_jabatan_tanggal_urut",
            ),
        ]


class RiwayatPendidikan(BaseModel):
    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="riwayat_pendidikan")
    tingkat = models.CharField(_("tingkat"), max_length=10, choices=Pendidikan.choices)
    jurusan = models.CharField(_("jurusan"), max_length=150, blank=True)
    institusi = models.CharField(_("institusi"), max_length=200, blank=True)
    tahun_lulus = models.PositiveSmallIntegerField(_("tahun lulus"))

    class Meta:
        verbose_name = _("riwayat pendidikan")
        verbose_name_plural = _("riwayat pendidikan")
        ordering = ["pegawai", "-tahun_lulus"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tahun_lulus__gte=1940) & Q(tahun_lulus__lte=2100),
                name="riwayat_pendidikan_tahun_wajar",
            ),
        ]


class HukumanDisiplin(BaseModel):
    """PP 94/2021: level and type, with the period it runs."""

    class Tingkat(models.TextChoices):
        RINGAN = "ringan", _("Ringan")
        SEDANG = "sedang", _("Sedang")
        BERAT = "berat", _("Berat")

    class Jenis(models.TextChoices):
        TEGURAN_LISAN = "teguran_lisan", _("Teguran lisan")
        TEGURAN_TERTULIS = "teguran_tertulis", _("Teguran tertulis")
        PERNYATAAN_TIDAK_PUAS = "pernyataan_tidak_puas", _("Pernyataan tidak puas secara tertulis")
        POTONG_TUKIN_6 = "potong_tukin_6", _("Pemotongan tunjangan kinerja 25% selama 6 bulan")
        POTONG_TUKIN_9 = "potong_tukin_9", _("Pemotongan tunjangan kinerja 25% selama 9 bulan")
        POTONG_TUKIN_12 = "potong_tukin_12", _("Pemotongan tunjangan kinerja 25% selama 12 bulan")
        PENURUNAN_JABATAN = "penurunan_jabatan", _("Penurunan jabatan setingkat lebih rendah 12 bulan")
        PEMBEBASAN_JABATAN = "pembebasan_jabatan", _("Pembebasan dari jabatan menjadi pelaksana 12 bulan")
        PEMBERHENTIAN = "pemberhentian", _("Pemberhentian dengan hormat tidak atas permintaan sendiri")

    TINGKAT_JENIS = {
        Tingkat.RINGAN: (Jenis.TEGURAN_LISAN, Jenis.TEGURAN_TERTULIS, Jenis.PERNYATAAN_TIDAK_PUAS),
        Tingkat.SEDANG: (Jenis.POTONG_TUKIN_6, Jenis.POTONG_TUKIN_9, Jenis.POTONG_TUKIN_12),
        Tingkat.BERAT: (Jenis.PENURUNAN_JABATAN, Jenis.PEMBEBASAN_JABATAN, Jenis.PEMBERHENTIAN),
    }

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="hukuman_disiplin")
    tingkat = models.CharField(_("tingkat"), max_length=10, choices=Tingkat.choices)
    jenis = models.CharField(_("jenis"), max_length=30, choices=Jenis.choices)
    tmt_mulai = models.DateField(_("mulai"))
    tmt_selesai = models.DateField(_("selesai"), null=True, blank=True)
    nomor_sk = models.CharField(_("nomor SK"), max_length=100, blank=True)
    keterangan = models.TextField(_("keterangan"), blank=True)

    class Meta:
        verbose_name = _("hukuman disiplin")
        verbose_name_plural = _("hukuman disiplin")
        ordering = ["pegawai", "-tmt_mulai"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tmt_selesai__isnull=True) | Q(tmt_selesai__gte=F("tmt_mulai")),
                name="hukdis_tanggal_urut",
            ),
        ]


class RiwayatCLTN(BaseModel):
    """A period of cuti di luar tanggungan negara. Ever having one rules out the Satyalancana
    Karya Satya (DOMAIN.md §6)."""

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="riwayat_cltn")
    tmt_mulai = models.DateField(_("mulai"))
    tmt_selesai = models.DateField(_("selesai"), null=True, blank=True)
    nomor_sk = models.CharField(_("nomor SK"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("riwayat CLTN")
        verbose_name_plural = _("riwayat CLTN")
        ordering = ["pegawai", "-tmt_mulai"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tmt_selesai__isnull=True) | Q(tmt_selesai__gte=F("tmt_mulai")),
                name="cltn_tanggal_urut",
            ),
        ]


class ImporPegawai(BaseModel):
    """One import file: its status, progress and the row errors found, for the progress page."""

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu")
        BERJALAN = "berjalan", _("Berjalan")
        BERHASIL = "berhasil", _("Berhasil")
        GAGAL = "gagal", _("Gagal")

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    dibuat_oleh = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    nama_file = models.CharField(_("nama file"), max_length=255)
    berkas = models.FileField(_("berkas"), upload_to="impor/%Y/%m/")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.MENUNGGU, db_index=True
    )
    total_baris = models.PositiveIntegerField(default=0)
    baris_diproses = models.PositiveIntegerField(default=0)
    jumlah_baru = models.PositiveIntegerField(default=0)
    jumlah_diperbarui = models.PositiveIntegerField(default=0)
    galat = models.JSONField(_("galat"), default=list, blank=True)
    selesai_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("impor pegawai")
        verbose_name_plural = _("impor pegawai")
        ordering = ["-created_at"]

    @property
    def persen(self) -> int:
        if not self.total_baris:
            return 100 if self.status in (self.Status.BERHASIL, self.Status.GAGAL) else 0
        return min(100, self.baris_diproses * 100 // self.total_baris)
