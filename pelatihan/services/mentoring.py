"""Writes of mentoring: the pairing run (optimal assignment, a task with progress for large
instansi), confirming or rejecting proposals, pairs made by hand, the plan, sessions (whose JP
count for the mentee), the mentee's feedback and the outcome."""

from __future__ import annotations

import datetime
import time
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.services import Pesan, audit_record, notifikasi_kirim
from pegawai.models import Instansi, Pegawai, User
from pegawai.permissions import can_edit_instansi
from pegawai.selectors import kebijakan_get
from pelatihan.models import PasanganMentoring, PenjodohanMentoring, SesiMentoring
from pelatihan.penjodohan import jodohkan, skor_pasangan
from pelatihan.rules import JenisMentoring, jp_dari_menit
from pelatihan.selectors.mentoring import calon_build, kandidat_get, peran_pada
from penilaian.models import Kompetensi
from penilaian.rules import jpm
from penilaian.selectors.kompetensi_dasar import level_kompetensi_map, standar_map

# instansi with at most this many active pegawai are paired within the request
SINKRON_MAKS_PEGAWAI = 3000
# a run without progress for this long is considered abandoned and may be started again
BASI = timedelta(minutes=15)
TOPIK_MAKS = 200
DURASI_MAKS = 600


def _require_bkd(actor: User, instansi_id: int) -> None:
    if not can_edit_instansi(actor) or (actor.instansi_id not in (None, instansi_id)):
        raise PermissionDenied


def _kunci(pasangan: PasanganMentoring) -> PasanganMentoring:
    """The pair again, locked for the rest of the transaction."""
    return (
        PasanganMentoring.objects.select_related("mentor", "mentee", "mentee__atasan", "mentor__golongan")
        .select_for_update(of=("self",))
        .get(pk=pasangan.pk)
    )


# ---------------------------------------------------------------------------------------------
# The pairing run


@transaction.atomic
def penjodohan_jalankan(
    *, actor: User, instansi: Instansi, tahun: int, sinkron: bool | None = None
) -> PenjodohanMentoring:
    """Start a pairing run for ``instansi`` and ``tahun``: within the request for a small
    instansi (or ``sinkron=True``), otherwise as a task dispatched after commit. A run still
    making progress is refused."""
    _require_bkd(actor, instansi.pk)
    if not 2000 <= tahun <= 2100:
        raise ValidationError({"tahun": _("Tahun harus di antara 2000 dan 2100.")})
    Instansi.objects.select_for_update().filter(pk=instansi.pk).first()  # one start at a time
    berjalan = PenjodohanMentoring.objects.filter(
        instansi=instansi, status=PenjodohanMentoring.Status.BERJALAN, updated_at__gte=timezone.now() - BASI
    ).exists()
    if berjalan:
        raise ValidationError({"tahun": _("Penjodohan mentoring masih berjalan; tunggu sampai selesai.")})
    run = PenjodohanMentoring.objects.create(instansi=instansi, tahun=tahun, dimulai_oleh=actor)
    audit_record(
        actor=actor, subject=run, aksi="create", ringkasan=f"Penjodohan mentoring {tahun}", instansi_id=instansi.pk
    )
    if sinkron is None:
        sinkron = Pegawai.objects.filter(instansi=instansi).count() <= SINKRON_MAKS_PEGAWAI
    if sinkron:
        return penjodohan_proses(penjodohan_id=run.pk)
    from pelatihan.tasks.mentoring import penjodohan_task

    run_id = run.pk
    transaction.on_commit(lambda: penjodohan_task.delay(run_id))
    return run


def _progres(run_id: int, persen: int) -> None:
    PenjodohanMentoring.objects.filter(pk=run_id).update(progres=persen, updated_at=timezone.now())


def penjodohan_proses(*, penjodohan_id: int) -> PenjodohanMentoring:
    """Compute the pairing of a run and store its proposals, replacing the previous unconfirmed
    proposals of the year (all or nothing). A run already claimed or finished is returned
    untouched; an error ends it ``gagal`` with the message."""
    klaim = PenjodohanMentoring.objects.filter(
        pk=penjodohan_id, status=PenjodohanMentoring.Status.BERJALAN, progres=0
    ).update(progres=1, updated_at=timezone.now())
    run = PenjodohanMentoring.objects.select_related("instansi").get(pk=penjodohan_id)
    if not klaim:
        return run
    mulai = time.perf_counter()
    try:
        hasil = _penjodohan_hitung(run)
    except Exception as e:
        PenjodohanMentoring.objects.filter(pk=run.pk).update(
            status=PenjodohanMentoring.Status.GAGAL, galat=str(e)[:2000], selesai_pada=timezone.now()
        )
        raise
    hasil["detik"] = round(time.perf_counter() - mulai, 3)
    PenjodohanMentoring.objects.filter(pk=run.pk).update(
        status=PenjodohanMentoring.Status.SELESAI, progres=100, hasil=hasil, selesai_pada=timezone.now()
    )
    run.refresh_from_db()
    return run


def _penjodohan_hitung(run: PenjodohanMentoring) -> dict[str, Any]:
    instansi, tahun = run.instansi, run.tahun
    kebijakan = kebijakan_get(instansi=instansi)
    kandidat = kandidat_get(instansi=instansi, tahun=tahun, kebijakan=kebijakan)
    sudah = set(
        PasanganMentoring.objects.filter(
            instansi=instansi, tahun=tahun, status=PasanganMentoring.Status.AKTIF
        ).values_list("mentee_id", flat=True)
    )
    mentee_ids = set(kandidat.mentee) - sudah
    mentor_kapasitas = {p: n for p, n in kandidat.mentor.items() if p not in sudah}
    _progres(run.pk, 20)
    mentee, mentor = calon_build(instansi=instansi, mentee_ids=mentee_ids, mentor_kapasitas=mentor_kapasitas)
    _progres(run.pk, 40)
    hasil = jodohkan(mentee, mentor, progres=lambda p: _progres(run.pk, 40 + p // 2))
    per_id = {c.id: c for c in (*mentee, *mentor)}
    nama_kompetensi = dict(
        Kompetensi.objects.filter(id__in={k for c in mentee for k in c.kesenjangan}).values_list("id", "nama")
    )
    baris = []
    for mentee_id, mentor_id, skor in hasil.pasangan:
        # the solver only keeps allowed pairs, so every pair has its explanation
        nilai = skor_pasangan(per_id[mentor_id], per_id[mentee_id])
        baris.append(
            PasanganMentoring(
                instansi=instansi,
                tahun=tahun,
                penjodohan=run,
                mentor_id=mentor_id,
                mentee_id=mentee_id,
                skor=skor,
                alasan=_alasan(nilai.alasan if nilai else {}, kandidat.mentee.get(mentee_id, {}), nama_kompetensi),
            )
        )
    with transaction.atomic():
        dihapus, _per_model = PasanganMentoring.objects.filter(
            instansi=instansi, tahun=tahun, status=PasanganMentoring.Status.USULAN
        ).delete()
        PasanganMentoring.objects.bulk_create(baris, batch_size=2000)
    return {
        "kandidat_mentee": len(kandidat.mentee),
        "kandidat_mentor": len(kandidat.mentor),
        "mentee_dijodohkan": len(mentee_ids),
        "pasangan": len(baris),
        "tanpa_mentor": len(hasil.tanpa_mentor),
        "total_skor": hasil.total_skor,
        "sisi": hasil.sisi,
        "komponen": hasil.komponen,
        "usulan_diganti": dihapus,
    }


def _alasan(nilai: dict[str, Any], mentee: dict[str, Any], nama_kompetensi: dict[int, str]) -> dict[str, Any]:
    """The stored reasons of a pair: why the mentee needs a mentor, and why this mentor."""
    return {
        "mentee": list(mentee.get("alasan", [])),
        "predikat": mentee.get("predikat"),
        "kotak": mentee.get("kotak"),
        "senior": nilai.get("senior"),
        "bidang": nilai.get("bidang"),
        "kekuatan": [
            {"kompetensi": nama_kompetensi.get(int(k), k), "selisih": v} for k, v in nilai.get("kekuatan", {}).items()
        ],
        "komponen": nilai.get("komponen", {}),
    }


# ---------------------------------------------------------------------------------------------
# Confirming, rejecting, pairs made by hand


def _jpm_sekarang(mentee: Pegawai) -> tuple[Any, datetime.date | None]:
    """The mentee's JPM against their jabatan standard with the assessed levels, and the date
    of their latest assessment (None when they have no standard or were never assessed)."""
    if mentee.jabatan_id is None:
        return None, None
    standar = standar_map([mentee.jabatan_id]).get(mentee.jabatan_id, {})
    levels = level_kompetensi_map([mentee.pk]).get(mentee.pk, {})
    hasil = jpm(standar, {k: v[0] for k, v in levels.items()})
    terakhir = max((v[1] for v in levels.values()), default=None)
    return (hasil.persen if hasil else None), terakhir


def _kirim(pasangan: PasanganMentoring, judul: str, isi: str, kunci: str) -> None:
    tautan = reverse("pelatihan:mentoring-detail", kwargs={"pasangan_id": pasangan.pk})
    penerima = [pasangan.mentor.user_id, pasangan.mentee.user_id]
    if pasangan.mentee.atasan is not None:
        penerima.append(pasangan.mentee.atasan.user_id)
    notifikasi_kirim(
        pesan=[
            Pesan(user_id=u, judul=judul, isi=isi, tautan=tautan, kunci=f"{kunci}:{pasangan.pk}")
            for u in dict.fromkeys(penerima)
            if u is not None
        ]
    )


def _kapasitas_cek(pasangan: PasanganMentoring, kapasitas: int) -> None:
    # the mentor row is locked so that two confirmations cannot both take the last slot
    Pegawai.objects.select_for_update().filter(pk=pasangan.mentor_id).first()
    aktif = (
        PasanganMentoring.objects.filter(
            mentor_id=pasangan.mentor_id, tahun=pasangan.tahun, status=PasanganMentoring.Status.AKTIF
        )
        .exclude(pk=pasangan.pk)
        .count()
    )
    if aktif >= kapasitas:
        raise ValidationError(
            {"mentor": _("Mentor sudah membimbing %(n)s mentee (kapasitas %(k)s).") % {"n": aktif, "k": kapasitas}}
        )


def _aktifkan(actor: User, pasangan: PasanganMentoring) -> None:
    jpm_awal, _tanggal = _jpm_sekarang(pasangan.mentee)
    pasangan.status = PasanganMentoring.Status.AKTIF
    pasangan.dikonfirmasi_oleh = actor
    pasangan.dikonfirmasi_pada = timezone.now()
    pasangan.jpm_awal = jpm_awal
    pasangan.save(update_fields=["status", "dikonfirmasi_oleh", "dikonfirmasi_pada", "jpm_awal", "updated_at"])
    audit_record(
        actor=actor,
        subject=pasangan,
        aksi="update",
        perubahan={"status": {"lama": PasanganMentoring.Status.USULAN, "baru": PasanganMentoring.Status.AKTIF}},
        ringkasan=f"Pasangan mentoring dikonfirmasi: {pasangan.mentor.nama} → {pasangan.mentee.nama}",
        instansi_id=pasangan.instansi_id,
        pegawai_id=pasangan.mentee_id,
    )
    _kirim(
        pasangan,
        _("Pasangan mentoring %(tahun)s") % {"tahun": pasangan.tahun},
        _("%(mentor)s menjadi mentor bagi %(mentee)s.")
        % {"mentor": pasangan.mentor.nama, "mentee": pasangan.mentee.nama},
        "mentoring-aktif",
    )


@transaction.atomic
def pasangan_konfirmasi(*, actor: User, pasangan: PasanganMentoring) -> PasanganMentoring:
    """BKD confirms a proposal: the pair becomes active (capacity re-checked under a lock) and the
    mentor, the mentee and the mentee's atasan are notified."""
    _require_bkd(actor, pasangan.instansi_id)
    pasangan = _kunci(pasangan)
    if pasangan.status != PasanganMentoring.Status.USULAN:
        raise ValidationError({"status": _("Hanya usulan yang dapat dikonfirmasi.")})
    _kapasitas_cek(pasangan, kebijakan_get(instansi=pasangan.instansi).kapasitas_mentor)
    _aktifkan(actor, pasangan)
    return pasangan


@transaction.atomic
def pasangan_tolak(*, actor: User, pasangan: PasanganMentoring) -> PasanganMentoring:
    """BKD rejects a proposal (it stays, cancelled, so that the record shows it was seen)."""
    _require_bkd(actor, pasangan.instansi_id)
    pasangan = _kunci(pasangan)
    if pasangan.status != PasanganMentoring.Status.USULAN:
        raise ValidationError({"status": _("Hanya usulan yang dapat ditolak.")})
    pasangan.status = PasanganMentoring.Status.DIBATALKAN
    pasangan.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        subject=pasangan,
        aksi="update",
        perubahan={"status": {"lama": PasanganMentoring.Status.USULAN, "baru": PasanganMentoring.Status.DIBATALKAN}},
        ringkasan=f"Usulan mentoring ditolak: {pasangan.mentor.nama} → {pasangan.mentee.nama}",
        instansi_id=pasangan.instansi_id,
        pegawai_id=pasangan.mentee_id,
    )
    _kirim(
        pasangan,
        _("Usulan mentoring %(tahun)s ditolak") % {"tahun": pasangan.tahun},
        _("Usulan %(mentor)s sebagai mentor bagi %(mentee)s tidak dilanjutkan.")
        % {"mentor": pasangan.mentor.nama, "mentee": pasangan.mentee.nama},
        "mentoring-tolak",
    )
    return pasangan


@transaction.atomic
def pasangan_buat(
    *,
    actor: User,
    instansi: Instansi,
    tahun: int,
    mentor: Pegawai,
    mentee: Pegawai,
    jenis: str = JenisMentoring.MENTORING,
) -> PasanganMentoring:
    """BKD pairs a mentor and a mentee by hand: the same rules as the pairing run (seniority,
    field, capacity, one running pair per mentee), active at once."""
    _require_bkd(actor, instansi.pk)
    if mentor.instansi_id != instansi.pk or mentee.instansi_id != instansi.pk:
        raise ValidationError({"mentor": _("Mentor dan mentee harus pegawai instansi ini.")})
    if mentor.status != Pegawai.Status.AKTIF or mentee.status != Pegawai.Status.AKTIF:
        raise ValidationError({"mentor": _("Mentor dan mentee harus pegawai aktif.")})
    if jenis not in JenisMentoring.values:
        raise ValidationError({"jenis": _("Jenis mentoring tidak dikenal.")})
    mentee_calon, mentor_calon = calon_build(instansi=instansi, mentee_ids={mentee.pk}, mentor_kapasitas={mentor.pk: 1})
    if mentor.pk == mentee.pk or not mentee_calon or not mentor_calon:
        raise ValidationError({"mentor": _("Mentor tidak boleh sama dengan mentee.")})
    nilai = skor_pasangan(mentor_calon[0], mentee_calon[0])
    if nilai is None:
        raise ValidationError(
            {
                "mentor": _(
                    "Mentor harus lebih senior (golongan atau jabatan lebih tinggi, atau atasan mentee) "
                    "dan berada di bidang yang sama atau terkait (unit kerja induk atau nama jabatan yang sama)."
                )
            }
        )
    if PasanganMentoring.objects.filter(
        mentee=mentee, tahun=tahun, status__in=[PasanganMentoring.Status.USULAN, PasanganMentoring.Status.AKTIF]
    ).exists():
        raise ValidationError({"mentee": _("Mentee sudah memiliki pasangan mentoring pada tahun ini.")})
    nama_kompetensi = dict(
        Kompetensi.objects.filter(id__in=list(mentee_calon[0].kesenjangan)).values_list("id", "nama")
    )
    pasangan = PasanganMentoring(
        instansi=instansi,
        tahun=tahun,
        jenis=jenis,
        mentor=mentor,
        mentee=mentee,
        skor=nilai.skor,
        alasan={**_alasan(nilai.alasan, {}, nama_kompetensi), "manual": True},
    )
    _kapasitas_cek(pasangan, kebijakan_get(instansi=instansi).kapasitas_mentor)
    pasangan.save()
    audit_record(
        actor=actor,
        subject=pasangan,
        aksi="create",
        ringkasan=f"Pasangan mentoring dibuat BKD: {mentor.nama} → {mentee.nama}",
        instansi_id=instansi.pk,
        pegawai_id=mentee.pk,
    )
    pasangan = _kunci(pasangan)
    _aktifkan(actor, pasangan)
    return pasangan


# ---------------------------------------------------------------------------------------------
# Plan, sessions, feedback, outcome


def _izinkan(actor: User, pasangan: PasanganMentoring, *peran: str) -> None:
    if not peran_pada(user=actor, pasangan=pasangan) & set(peran):
        raise PermissionDenied


@transaction.atomic
def pasangan_rencana_simpan(*, actor: User, pasangan: PasanganMentoring, tujuan: str) -> PasanganMentoring:
    """The mentor (or BKD) writes the plan and its goals."""
    _izinkan(actor, pasangan, "mentor", "bkd")
    pasangan = _kunci(pasangan)
    if pasangan.status not in (PasanganMentoring.Status.USULAN, PasanganMentoring.Status.AKTIF):
        raise ValidationError({"tujuan": _("Rencana hanya dapat diubah selama pasangan berjalan.")})
    tujuan = tujuan.strip()
    if not tujuan:
        raise ValidationError({"tujuan": _("Rencana dan tujuan wajib diisi.")})
    lama = pasangan.tujuan
    pasangan.tujuan = tujuan
    pasangan.save(update_fields=["tujuan", "updated_at"])
    audit_record(
        actor=actor,
        subject=pasangan,
        aksi="update",
        perubahan={"tujuan": {"lama": lama, "baru": tujuan}},
        ringkasan="Rencana mentoring",
        instansi_id=pasangan.instansi_id,
        pegawai_id=pasangan.mentee_id,
    )
    return pasangan


@transaction.atomic
def sesi_catat(
    *,
    actor: User,
    pasangan: PasanganMentoring,
    tanggal: datetime.date,
    durasi_menit: int,
    topik: str,
    catatan: str = "",
) -> SesiMentoring:
    """The mentor (or BKD) records a session of an active pair; its duration gives the mentee's JP
    (45 minutes = 1 JP), counted in the JP ledger of the session's year."""
    _izinkan(actor, pasangan, "mentor", "bkd")
    pasangan = _kunci(pasangan)
    errors: dict[str, str] = {}
    if pasangan.status != PasanganMentoring.Status.AKTIF:
        errors["pasangan"] = _("Sesi hanya dapat dicatat untuk pasangan yang aktif.")
    if tanggal > timezone.localdate():
        errors["tanggal"] = _("Tanggal sesi tidak boleh di masa depan.")
    elif tanggal.year != pasangan.tahun:
        errors["tanggal"] = _("Tanggal sesi harus pada tahun %(tahun)s.") % {"tahun": pasangan.tahun}
    if not 1 <= durasi_menit <= DURASI_MAKS:
        errors["durasi_menit"] = _("Durasi harus antara 1 dan %(maks)s menit.") % {"maks": DURASI_MAKS}
    topik = topik.strip()
    if not topik:
        errors["topik"] = _("Topik wajib diisi.")
    elif len(topik) > TOPIK_MAKS:
        errors["topik"] = _("Topik paling panjang %(maks)s karakter.") % {"maks": TOPIK_MAKS}
    if errors:
        raise ValidationError(errors)
    sesi = SesiMentoring.objects.create(
        pasangan=pasangan,
        tanggal=tanggal,
        durasi_menit=durasi_menit,
        jp=jp_dari_menit(durasi_menit),
        topik=topik,
        catatan=catatan.strip(),
        dicatat_oleh=actor,
    )
    audit_record(
        actor=actor,
        subject=sesi,
        aksi="create",
        ringkasan=f"Sesi mentoring {tanggal:%Y-%m-%d}: {durasi_menit} menit ({sesi.jp} JP)",
        instansi_id=pasangan.instansi_id,
        pegawai_id=pasangan.mentee_id,
    )
    return sesi


@transaction.atomic
def pasangan_umpan_balik(
    *, actor: User, pasangan: PasanganMentoring, nilai: int, umpan_balik: str = ""
) -> PasanganMentoring:
    """The mentee rates the mentoring (1–5) with a comment."""
    _izinkan(actor, pasangan, "mentee")
    pasangan = _kunci(pasangan)
    errors: dict[str, str] = {}
    if pasangan.status not in (PasanganMentoring.Status.AKTIF, PasanganMentoring.Status.SELESAI):
        errors["pasangan"] = _("Umpan balik hanya untuk pasangan yang aktif atau selesai.")
    if not 1 <= nilai <= 5:
        errors["nilai"] = _("Nilai harus antara 1 dan 5.")
    if errors:
        raise ValidationError(errors)
    pasangan.nilai_umpan_balik = nilai
    pasangan.umpan_balik_mentee = umpan_balik.strip()
    pasangan.save(update_fields=["nilai_umpan_balik", "umpan_balik_mentee", "updated_at"])
    audit_record(
        actor=actor,
        subject=pasangan,
        aksi="update",
        perubahan={"nilai_umpan_balik": {"baru": nilai}},
        ringkasan="Umpan balik mentee",
        instansi_id=pasangan.instansi_id,
        pegawai_id=pasangan.mentee_id,
    )
    return pasangan


@transaction.atomic
def pasangan_selesai(*, actor: User, pasangan: PasanganMentoring, hasil: str) -> PasanganMentoring:
    """The mentor (or BKD) ends an active pair with its outcome. The JPM at the end is the
    mentee's JPM from an assessment made after the pair was confirmed (the next assessment);
    without one it stays empty."""
    _izinkan(actor, pasangan, "mentor", "bkd")
    pasangan = _kunci(pasangan)
    errors: dict[str, str] = {}
    if pasangan.status != PasanganMentoring.Status.AKTIF:
        errors["pasangan"] = _("Hanya pasangan aktif yang dapat diselesaikan.")
    hasil = hasil.strip()
    if not hasil:
        errors["hasil"] = _("Hasil mentoring wajib diisi.")
    if errors:
        raise ValidationError(errors)
    persen, terakhir = _jpm_sekarang(pasangan.mentee)
    mulai = timezone.localdate(pasangan.dikonfirmasi_pada) if pasangan.dikonfirmasi_pada else None
    pasangan.jpm_akhir = persen if (terakhir and mulai and terakhir > mulai) else None
    pasangan.status = PasanganMentoring.Status.SELESAI
    pasangan.hasil = hasil
    pasangan.selesai_pada = timezone.now()
    pasangan.save(update_fields=["status", "hasil", "jpm_akhir", "selesai_pada", "updated_at"])
    audit_record(
        actor=actor,
        subject=pasangan,
        aksi="update",
        perubahan={"status": {"lama": PasanganMentoring.Status.AKTIF, "baru": PasanganMentoring.Status.SELESAI}},
        ringkasan="Mentoring selesai",
        instansi_id=pasangan.instansi_id,
        pegawai_id=pasangan.mentee_id,
    )
    return pasangan
