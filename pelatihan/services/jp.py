"""Writes of the JP ledger: record and complete training, certificates, the participant's
evaluation, and the reminders to pegawai below the yearly minimum (and their atasan)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.berkas import berkas_periksa
from common.models import AuditLog
from common.services import Pesan, audit_record, notifikasi_kirim
from pegawai.models import Instansi, Pegawai, User
from pegawai.permissions import pegawai_of_user
from pegawai.selectors import kebijakan_get
from pelatihan.models import ProgramPelatihan, RiwayatPelatihan
from pelatihan.rules import Bentuk
from pelatihan.selectors.jp import jp_tercatat_expr
from penilaian.permissions import is_bkd_of

SERTIFIKAT_UKURAN_MAKSIMAL = 5 * 1024 * 1024
EKSTENSI_SERTIFIKAT = ("pdf", "jpg", "jpeg", "png")
JP_MAKSIMAL = Decimal("999.99")
BIAYA_MAKSIMAL = Decimal("999999999999.99")


def _bkd_check(actor: User, instansi_id: int) -> None:
    if not is_bkd_of(actor, instansi_id):
        raise PermissionDenied


def _decimal(value: Decimal | int | str | None, nama: str, *, maks: Decimal) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        d = Decimal(value)
    except (InvalidOperation, TypeError, ValueError) as e:
        raise ValidationError({nama: _("Harus berupa angka.")}) from e
    if not d.is_finite() or d < 0 or d > maks:
        raise ValidationError({nama: _("Harus di antara 0 dan %(maks)s.") % {"maks": maks}})
    return d.quantize(Decimal("0.01"))


@transaction.atomic
def riwayat_catat(
    *,
    actor: User,
    pegawai: Pegawai,
    tanggal_mulai: datetime.date,
    tanggal_selesai: datetime.date,
    program: ProgramPelatihan | None = None,
    nama: str = "",
    bentuk: str = "",
    penyelenggara: str = "",
    jp: Decimal | int | str | None = None,
    biaya: Decimal | int | str | None = None,
    status: str = RiwayatPelatihan.Status.TERJADWAL,
    nilai_peserta: Decimal | int | str | None = None,
    nomor_sertifikat: str = "",
) -> RiwayatPelatihan:
    """BKD records a training of a pegawai: a programme of the catalogue (its name, form,
    provider, JP and cost are the defaults) or an external one. The year is that of the end date."""
    _bkd_check(actor, pegawai.instansi_id)
    errors: dict[str, str] = {}
    if program is not None and program.instansi_id != pegawai.instansi_id:
        errors["program"] = _("Program tidak ada di instansi pegawai.")
    if program is not None:
        nama = nama or program.nama
        bentuk = bentuk or program.bentuk
        penyelenggara = penyelenggara or program.penyelenggara
        jp = program.jp if jp in (None, "") else jp
        biaya = program.biaya_per_peserta if biaya in (None, "") else biaya
    nama = (nama or "").strip()
    if not nama:
        errors["nama"] = _("Nama pelatihan wajib diisi bila tidak memilih program.")
    if bentuk not in Bentuk.values:
        errors["bentuk"] = _("Pilih bentuk pengembangan kompetensi.")
    if status not in RiwayatPelatihan.Status.values:
        errors["status"] = _("Status tidak dikenal.")
    if tanggal_selesai < tanggal_mulai:
        errors["tanggal_selesai"] = _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
    if errors:
        raise ValidationError(errors)
    jp_d = _decimal(jp, "jp", maks=JP_MAKSIMAL)
    if jp_d is None:
        raise ValidationError({"jp": _("JP wajib diisi bila tidak memilih program.")})
    riwayat = RiwayatPelatihan(
        instansi_id=pegawai.instansi_id,
        pegawai=pegawai,
        tahun=tanggal_selesai.year,
        program=program,
        nama=nama[:200],
        bentuk=bentuk,
        penyelenggara=penyelenggara[:200],
        tanggal_mulai=tanggal_mulai,
        tanggal_selesai=tanggal_selesai,
        jp=jp_d,
        biaya=_decimal(biaya, "biaya", maks=BIAYA_MAKSIMAL) or Decimal("0.00"),
        status=status,
        nilai_peserta=_decimal(nilai_peserta, "nilai_peserta", maks=Decimal(100)),
        nomor_sertifikat=nomor_sertifikat.strip()[:100],
        dicatat_oleh=actor,
    )
    riwayat.full_clean(exclude=["sertifikat"])
    riwayat.save()
    audit_record(
        actor=actor,
        subject=riwayat,
        aksi=AuditLog.Aksi.CREATE,
        ringkasan=_("Riwayat pelatihan dicatat: %(nama)s") % {"nama": riwayat.nama},
        perubahan={"jp": str(riwayat.jp), "status": riwayat.status, "tahun": riwayat.tahun},
        instansi_id=riwayat.instansi_id,
        pegawai_id=pegawai.pk,
    )
    return riwayat


@transaction.atomic
def riwayat_selesaikan(
    *,
    actor: User,
    riwayat: RiwayatPelatihan,
    jp: Decimal | int | str | None = None,
    nilai_peserta: Decimal | int | str | None = None,
    nomor_sertifikat: str = "",
) -> RiwayatPelatihan:
    """BKD completes a scheduled record: status selesai, its JP (unchanged when not given), the
    provider's score of the participant and the certificate number."""
    _bkd_check(actor, riwayat.instansi_id)
    riwayat = RiwayatPelatihan.objects.select_for_update().get(pk=riwayat.pk)
    if riwayat.status != RiwayatPelatihan.Status.TERJADWAL:
        raise ValidationError({"status": _("Hanya pelatihan yang terjadwal yang dapat diselesaikan.")})
    jp_d = _decimal(jp, "jp", maks=JP_MAKSIMAL)
    lama = {"status": riwayat.status, "jp": str(riwayat.jp)}
    riwayat.status = RiwayatPelatihan.Status.SELESAI
    if jp_d is not None:
        riwayat.jp = jp_d
    riwayat.nilai_peserta = _decimal(nilai_peserta, "nilai_peserta", maks=Decimal(100))
    riwayat.nomor_sertifikat = nomor_sertifikat.strip()[:100] or riwayat.nomor_sertifikat
    riwayat.save(update_fields=["status", "jp", "nilai_peserta", "nomor_sertifikat", "updated_at"])
    audit_record(
        actor=actor,
        subject=riwayat,
        aksi=AuditLog.Aksi.UPDATE,
        ringkasan=_("Pelatihan diselesaikan: %(nama)s") % {"nama": riwayat.nama},
        perubahan={"lama": lama, "baru": {"status": riwayat.status, "jp": str(riwayat.jp)}},
        instansi_id=riwayat.instansi_id,
        pegawai_id=riwayat.pegawai_id,
    )
    return riwayat


@transaction.atomic
def riwayat_selesaikan_program(*, actor: User, program: ProgramPelatihan) -> int:
    """BKD completes every scheduled record of a programme in one update (each keeps its JP).
    Returns how many were completed."""
    _bkd_check(actor, program.instansi_id)
    n = RiwayatPelatihan.objects.filter(program=program, status=RiwayatPelatihan.Status.TERJADWAL).update(
        status=RiwayatPelatihan.Status.SELESAI, updated_at=timezone.now()
    )
    if n == 0:
        raise ValidationError({"program": _("Program ini tidak punya peserta yang masih terjadwal.")})
    audit_record(
        actor=actor,
        subject=program,
        aksi=AuditLog.Aksi.UPDATE,
        ringkasan=_("%(n)s peserta %(nama)s diselesaikan") % {"n": n, "nama": program.nama},
        perubahan={"selesai": n},
        instansi_id=program.instansi_id,
    )
    return n


def sertifikat_check(berkas: UploadedFile) -> str:
    """The certificate file's clean name, or a ValidationError on ``sertifikat``: PDF, JPG or PNG
    by extension and by content, not empty, at most 5 MB."""
    nama, _ukuran = berkas_periksa(
        berkas,
        field="sertifikat",
        ekstensi=EKSTENSI_SERTIFIKAT,
        batas=int(getattr(settings, "SERTIFIKAT_UKURAN_MAKSIMAL", SERTIFIKAT_UKURAN_MAKSIMAL)),
        pesan_jenis=_("Jenis berkas tidak diizinkan; gunakan PDF, JPG atau PNG."),
    )
    return nama


def _pemilik(actor: User, riwayat: RiwayatPelatihan) -> bool:
    me = pegawai_of_user(actor)
    return me is not None and me.pk == riwayat.pegawai_id


@transaction.atomic
def sertifikat_unggah(*, actor: User, riwayat: RiwayatPelatihan, berkas: UploadedFile) -> RiwayatPelatihan:
    """BKD, or the pegawai for their own record, uploads the certificate of a completed training
    (replacing an earlier file)."""
    if not (is_bkd_of(actor, riwayat.instansi_id) or _pemilik(actor, riwayat)):
        raise PermissionDenied
    if riwayat.status != RiwayatPelatihan.Status.SELESAI:
        raise ValidationError({"sertifikat": _("Sertifikat hanya untuk pelatihan yang sudah selesai.")})
    nama = sertifikat_check(berkas)
    lama = riwayat.sertifikat.name if riwayat.sertifikat else ""
    riwayat.sertifikat.save(nama, berkas, save=False)
    riwayat.save(update_fields=["sertifikat", "updated_at"])
    if lama:
        transaction.on_commit(lambda: riwayat.sertifikat.storage.delete(lama))
    audit_record(
        actor=actor,
        subject=riwayat,
        aksi=AuditLog.Aksi.UPDATE,
        ringkasan=_("Sertifikat diunggah: %(nama)s") % {"nama": riwayat.nama},
        perubahan={"sertifikat": {"lama": lama, "baru": riwayat.sertifikat.name}},
        instansi_id=riwayat.instansi_id,
        pegawai_id=riwayat.pegawai_id,
    )
    return riwayat


@transaction.atomic
def riwayat_evaluasi(*, actor: User, riwayat: RiwayatPelatihan, nilai: int, catatan: str = "") -> RiwayatPelatihan:
    """The pegawai evaluates a training they completed: 1–5 and a comment."""
    if not _pemilik(actor, riwayat):
        raise PermissionDenied
    if riwayat.status != RiwayatPelatihan.Status.SELESAI:
        raise ValidationError({"nilai_evaluasi": _("Evaluasi hanya untuk pelatihan yang sudah selesai.")})
    if isinstance(nilai, bool) or not isinstance(nilai, int) or not 1 <= nilai <= 5:
        raise ValidationError({"nilai_evaluasi": _("Nilai evaluasi harus bilangan bulat 1 sampai 5.")})
    riwayat.nilai_evaluasi = nilai
    riwayat.catatan_evaluasi = catatan.strip()[:2000]
    riwayat.save(update_fields=["nilai_evaluasi", "catatan_evaluasi", "updated_at"])
    audit_record(
        actor=actor,
        subject=riwayat,
        aksi=AuditLog.Aksi.UPDATE,
        ringkasan=_("Evaluasi pelatihan: %(nama)s") % {"nama": riwayat.nama},
        perubahan={"nilai_evaluasi": nilai},
        instansi_id=riwayat.instansi_id,
        pegawai_id=riwayat.pegawai_id,
    )
    return riwayat


# ---------------------------------------------------------------------------------------------
# Reminders


def _pengingat_instansi(instansi: Instansi, on: datetime.date) -> int:
    minimal = kebijakan_get(instansi=instansi).jp_minimal_tahunan
    bulan = f"{on:%Y-%m}"
    kurang = list(
        Pegawai.objects.filter(instansi=instansi, status=Pegawai.Status.AKTIF)
        .annotate(jp_tercatat=jp_tercatat_expr(on.year), surel=Coalesce(NullIf("email", Value("")), "user__email"))
        .filter(jp_tercatat__lt=minimal)
        .values_list("pk", "user_id", "surel", "atasan_id", "nama", "nip", "jp_tercatat")
        .order_by("nama", "pk")
    )
    tautan_saya = reverse("pelatihan:jp-saya")
    pesan: list[Pesan] = []
    per_atasan: dict[int, list[tuple[str, str, Decimal]]] = defaultdict(list)
    for pk, user_id, surel, atasan_id, nama, nip, jp in kurang:
        if user_id:
            pesan.append(
                Pesan(
                    user_id=user_id,
                    judul=_("JP Anda tahun %(tahun)s baru %(jp)s dari %(minimal)s JP")
                    % {"tahun": on.year, "jp": jp, "minimal": minimal},
                    isi=_(
                        "Setiap ASN berhak dan wajib mengikuti pengembangan kompetensi paling sedikit "
                        "%(minimal)s JP setahun. Kekurangan Anda: %(kurang)s JP."
                    )
                    % {"minimal": minimal, "kurang": Decimal(minimal) - jp},
                    tautan=tautan_saya,
                    kunci=f"jp:{pk}:{bulan}",
                    email=surel or "",
                )
            )
        if atasan_id:
            per_atasan[atasan_id].append((nama, nip, jp))
    tautan_tim = reverse("pelatihan:jp-tim")
    for atasan_pk, user_id, surel in (
        Pegawai.objects.filter(pk__in=per_atasan, user__isnull=False)
        .annotate(surel=Coalesce(NullIf("email", Value("")), "user__email"))
        .values_list("pk", "user_id", "surel")
    ):
        daftar = per_atasan[atasan_pk]
        pesan.append(
            Pesan(
                user_id=user_id,
                judul=_("%(n)s bawahan Anda belum mencapai %(minimal)s JP tahun %(tahun)s")
                % {"n": len(daftar), "minimal": minimal, "tahun": on.year},
                isi="\n".join(f"{nama} ({nip}): {jp} JP" for nama, nip, jp in daftar),
                tautan=tautan_tim,
                kunci=f"jp-tim:{atasan_pk}:{bulan}",
                email=surel or "",
            )
        )
    return notifikasi_kirim(pesan=pesan)


def jp_pengingat_kirim(*, on: datetime.date | None = None) -> int:
    """On the 1st of each month listed in an instansi's ``bulan_pengingat_jp``, notify every active
    pegawai below the yearly minimum (in-app and e-mail) and each atasan with one summary of their
    subordinates below it. Keyed by pegawai and month, so a rerun sends nothing new. Returns the
    number of new notifications."""
    on = on or timezone.localdate()
    if on.day != 1:
        return 0
    total = 0
    for instansi in Instansi.objects.order_by("pk"):
        if on.month in kebijakan_get(instansi=instansi).bulan_pengingat_jp:
            with transaction.atomic():
                total += _pengingat_instansi(instansi, on)
    return total
