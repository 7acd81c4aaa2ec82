"""Recommendations and the committee's decisions on them.

The yearly run (and BKD by hand) proposes; the committee (Baperjakat / tim penilai kinerja: BKD
officers and pimpinan) reviews, then approves or rejects with a reason; BKD applies an approved
recommendation, which changes the profile through the pegawai services with history and TMT.
Every step locks the row, checks the status it expects and tells the second of two members who
act at once what the first one did.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from common.models import AuditLog
from common.services import Pesan, audit_record, notifikasi_kirim
from karier.models import AnggotaKRS, JenisRekomendasi, Rekomendasi, RiwayatPenghargaan
from pegawai.models import Golongan, Instansi, Jabatan, Pegawai, RiwayatPangkat, User
from pegawai.permissions import can_edit_instansi, can_read_instansi
from pegawai.services import pegawai_update, riwayat_pangkat_create
from pelatihan.models import TargetJabatan
from pelatihan.services.kebutuhan import target_jabatan_set

Status = Rekomendasi.Status
NOMOR_SK_MAKS = 100


@dataclass(frozen=True)
class Usulan:
    """One proposal of a run: what is recommended, its score and the rule behind it."""

    pegawai_id: int
    kunci: str
    golongan_baru_id: int | None = None
    jabatan_tujuan_id: int | None = None
    penghargaan: str = ""
    tmt: datetime.date | None = None
    skor: Decimal | None = None
    peringkat: int | None = None
    kotak: int | None = None
    dasar: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class HasilUsulan:
    dibuat: int
    diperbarui: int
    dibatalkan: int
    tetap: int  # already decided: left as the committee left them


FIELD_USULAN = ("golongan_baru_id", "jabatan_tujuan_id", "penghargaan", "tmt", "skor", "peringkat", "dasar")


@transaction.atomic
def rekomendasi_usulkan(
    *,
    instansi: Instansi,
    jenis: str,
    tahun: int,
    usulan: Iterable[Usulan],
    actor: User | None = None,
    batalkan_sisa: bool = True,
    batch_size: int = 2000,
) -> HasilUsulan:
    """Upsert the proposals of one run by their ``kunci``: a new key is created; an open one is
    updated (one in review stays in review); a withdrawn one is proposed afresh; a decided one
    (approved, rejected, applied) is left as the committee left it. With ``batalkan_sisa`` the
    open recommendations of this kind and year that the run no longer proposes are withdrawn
    (dibatalkan)."""
    if jenis not in JenisRekomendasi.values:
        raise ValidationError({"jenis": _("Jenis rekomendasi tidak dikenal.")})
    daftar = {u.kunci: u for u in usulan}
    ada: dict[str, tuple[int, str]] = {}
    tersimpan: dict[int, tuple[Any, ...]] = {}
    kunci = list(daftar)
    for i in range(0, len(kunci), batch_size):
        for k, pk, st, *nilai in (
            Rekomendasi.objects.filter(instansi=instansi, kunci__in=kunci[i : i + batch_size])
            .values_list("kunci", "id", "status", "tahun", *FIELD_USULAN)
            .iterator()
        ):
            ada[k] = (pk, st)
            tersimpan[pk] = tuple(nilai)
    now = timezone.now()
    baru = [
        Rekomendasi(
            instansi=instansi,
            tahun=tahun,
            jenis=jenis,
            pegawai_id=u.pegawai_id,
            kunci=k,
            diusulkan_oleh=actor,
            created_at=now,
            **{f: getattr(u, f) for f in FIELD_USULAN},
        )
        for k, u in daftar.items()
        if k not in ada
    ]
    Rekomendasi.objects.bulk_create(baru, batch_size=batch_size)
    ubah: list[Rekomendasi] = []
    dibuka_lagi: list[int] = []
    diperbarui = 0
    for k, (pk, status) in ada.items():
        if status not in Rekomendasi.TERBUKA and status != Status.DIBATALKAN:
            continue
        diperbarui += 1
        u = daftar[k]
        if status == Status.DIBATALKAN:
            status = Status.DIUSULKAN
            dibuka_lagi.append(pk)
        elif tersimpan[pk] == (tahun, *(getattr(u, f) for f in FIELD_USULAN)):
            continue  # seen again unchanged: nothing to write
        row = Rekomendasi(pk=pk, status=status, tahun=tahun, updated_at=now)
        for f in FIELD_USULAN:
            setattr(row, f, getattr(u, f))
        ubah.append(row)
    # a rerun mostly sees the same proposals: only the changed ones are written
    Rekomendasi.objects.bulk_update(
        ubah, ["status", "tahun", "updated_at", *FIELD_USULAN], batch_size=min(batch_size, 500)
    )
    for i in range(0, len(dibuka_lagi), batch_size):
        Rekomendasi.objects.filter(pk__in=dibuka_lagi[i : i + batch_size]).update(
            ditinjau_oleh=None, ditinjau_pada=None
        )
    dibatalkan = 0
    if batalkan_sisa:
        # the open ones of this kind and year, minus what this run proposes, withdrawn by id
        terbuka = Rekomendasi.objects.filter(
            instansi=instansi, jenis=jenis, tahun=tahun, status__in=Rekomendasi.TERBUKA
        ).values_list("kunci", "id")
        sisa = [pk for k, pk in terbuka.iterator() if k not in daftar]
        for i in range(0, len(sisa), batch_size):
            dibatalkan += Rekomendasi.objects.filter(
                pk__in=sisa[i : i + batch_size], status__in=Rekomendasi.TERBUKA
            ).update(status=Status.DIBATALKAN, updated_at=now)
    return HasilUsulan(dibuat=len(baru), diperbarui=diperbarui, dibatalkan=dibatalkan, tetap=len(ada) - diperbarui)


# ---------------------------------------------------------------------------------------------
# The committee's steps


AKSI_TINJAU, AKSI_PUTUSKAN, AKSI_TERAPKAN = "tinjau", "putuskan", "terapkan"
AKSI_LABEL = {
    AKSI_TINJAU: _lazy("ditinjau"),
    AKSI_PUTUSKAN: _lazy("diputuskan"),
    AKSI_TERAPKAN: _lazy("diterapkan"),
}


def _pelaku(obj: Rekomendasi) -> tuple[User | None, datetime.datetime]:
    """Who moved the recommendation to its current status, and when."""
    if obj.status == Status.DITERAPKAN:
        return obj.diterapkan_oleh, obj.diterapkan_pada or obj.updated_at
    if obj.status in (Status.DISETUJUI, Status.DITOLAK):
        return obj.diputuskan_oleh, obj.diputuskan_pada or obj.updated_at
    if obj.status == Status.DITINJAU:
        return obj.ditinjau_oleh, obj.ditinjau_pada or obj.updated_at
    return None, obj.updated_at


def status_pesan(obj: Rekomendasi, *, aksi: str) -> str:
    """Why ``aksi`` cannot happen in the recommendation's current status: who moved it on and when
    (what the second of two members acting at once reads), or that it is not yet approved."""
    if aksi == AKSI_TERAPKAN and obj.status in Rekomendasi.TERBUKA:
        return _("Rekomendasi ini belum disetujui: hanya rekomendasi yang disetujui yang dapat diterapkan.")
    siapa, kapan = _pelaku(obj)
    data = {
        "status": obj.get_status_display().lower(),
        "kapan": timezone.localtime(kapan).strftime("%d-%m-%Y %H:%M"),
        "aksi": AKSI_LABEL[aksi],
    }
    if siapa is not None:
        data["nama"] = siapa.get_full_name() or siapa.username
        return (
            _("Rekomendasi ini sudah %(status)s oleh %(nama)s pada %(kapan)s, sehingga tidak dapat %(aksi)s lagi.")
            % data
        )
    return _("Rekomendasi ini sudah %(status)s pada %(kapan)s, sehingga tidak dapat %(aksi)s lagi.") % data


def _kunci(rekomendasi_id: int, *, actor: User, harap: Iterable[str], aksi: str) -> Rekomendasi:
    """The recommendation, locked until the transaction ends, after checking that ``actor`` may
    do ``aksi`` on it and that it is in one of the statuses ``harap``; otherwise a
    ValidationError on ``status`` saying who moved it on and when."""
    # lock the row alone first: once the lock is ours (the other member's transaction has
    # committed), a fresh read sees their status and their name; a join taken under the lock
    # would show the row's new status with the related rows of before
    if not Rekomendasi.objects.select_for_update().filter(pk=rekomendasi_id).values_list("pk", flat=True):
        raise ValidationError({"rekomendasi": _("Rekomendasi tidak ditemukan.")})
    obj = Rekomendasi.objects.select_related(
        "pegawai", "jabatan_tujuan", "golongan_baru", "ditinjau_oleh", "diputuskan_oleh", "diterapkan_oleh"
    ).get(pk=rekomendasi_id)
    _cek_anggota(actor, obj, terapkan=aksi == AKSI_TERAPKAN)
    if obj.status not in harap:
        raise ValidationError({"status": status_pesan(obj, aksi=aksi)}, code="status")
    return obj


def _cek_anggota(actor: User, obj: Rekomendasi, *, terapkan: bool = False) -> None:
    """Committee members of the recommendation's instansi (BKD and pimpinan) decide; only BKD
    applies."""
    # a superuser without an instansi belongs to every instansi's committee
    anggota = can_read_instansi(actor) and (
        actor.instansi_id == obj.instansi_id or (actor.is_superuser and actor.instansi_id is None)
    )
    if not anggota or (terapkan and not can_edit_instansi(actor)):
        raise ValidationError(
            _("Hanya petugas BKD yang dapat menerapkan rekomendasi.")
            if terapkan
            else _("Hanya anggota tim penilai kinerja (BKD atau pimpinan) yang dapat memutuskan rekomendasi."),
            code="izin",
        )


def _audit(actor: User, obj: Rekomendasi, ringkasan: str, **perubahan: Any) -> None:
    audit_record(
        actor=actor,
        subject=obj,
        aksi=AuditLog.Aksi.UPDATE,
        perubahan={k: str(v) for k, v in perubahan.items()},
        ringkasan=ringkasan,
        instansi_id=obj.instansi_id,
        pegawai_id=obj.pegawai_id,
    )


@transaction.atomic
def rekomendasi_tinjau(*, actor: User, rekomendasi: Rekomendasi) -> Rekomendasi:
    """A member takes a proposal into review."""
    obj = _kunci(rekomendasi.pk, actor=actor, harap=(Status.DIUSULKAN,), aksi=AKSI_TINJAU)
    obj.status, obj.ditinjau_oleh, obj.ditinjau_pada = Status.DITINJAU, actor, timezone.now()
    obj.save(update_fields=["status", "ditinjau_oleh", "ditinjau_pada", "updated_at"])
    _audit(actor, obj, _("Rekomendasi ditinjau"), status=obj.status)
    return obj


@transaction.atomic
def rekomendasi_putuskan(*, actor: User, rekomendasi: Rekomendasi, setuju: bool, alasan: str = "") -> Rekomendasi:
    """Approve or reject (a rejection needs its reason). A proposal not yet in review is taken
    into review by the same decision."""
    alasan = (alasan or "").strip()
    if not setuju and not alasan:
        raise ValidationError({"alasan": _("Alasan penolakan wajib diisi.")})
    obj = _kunci(rekomendasi.pk, actor=actor, harap=Rekomendasi.TERBUKA, aksi=AKSI_PUTUSKAN)
    now = timezone.now()
    if obj.status == Status.DIUSULKAN:
        obj.ditinjau_oleh, obj.ditinjau_pada = actor, now
    obj.status = Status.DISETUJUI if setuju else Status.DITOLAK
    obj.diputuskan_oleh, obj.diputuskan_pada, obj.alasan_keputusan = actor, now, alasan
    obj.save(
        update_fields=[
            "status",
            "ditinjau_oleh",
            "ditinjau_pada",
            "diputuskan_oleh",
            "diputuskan_pada",
            "alasan_keputusan",
            "updated_at",
        ]
    )
    _audit(
        actor,
        obj,
        _("Rekomendasi disetujui") if setuju else _("Rekomendasi ditolak"),
        status=obj.status,
        alasan=alasan,
    )
    return obj


@dataclass(frozen=True)
class HasilMassal:
    """One row of a bulk decision: done, or the message why not."""

    rekomendasi_id: int
    berhasil: bool
    pesan: str = ""


@transaction.atomic
def rekomendasi_putuskan_massal(
    *, actor: User, rekomendasi: Iterable[Rekomendasi], setuju: bool, alasan: str = ""
) -> list[HasilMassal]:
    """The same decision on many recommendations, each row in its own savepoint: a row that
    fails (already decided by another member, not allowed) is reported and rolled back alone,
    and the others go through."""
    alasan = (alasan or "").strip()
    if not setuju and not alasan:
        raise ValidationError({"alasan": _("Alasan penolakan wajib diisi.")})
    hasil = []
    for obj in rekomendasi:
        try:
            rekomendasi_putuskan(actor=actor, rekomendasi=obj, setuju=setuju, alasan=alasan)
        except ValidationError as e:
            hasil.append(HasilMassal(obj.pk, False, " ".join(e.messages)))
        else:
            hasil.append(HasilMassal(obj.pk, True))
    return hasil


@transaction.atomic
def rekomendasi_terapkan(
    *, actor: User, rekomendasi: Rekomendasi, tmt: datetime.date | None = None, nomor_sk: str = ""
) -> Rekomendasi:
    """Apply an approved recommendation: KP adds the new pangkat to the history with its TMT;
    promotion and rotation move the pegawai to the jabatan (the previous riwayat jabatan closes
    on the TMT); KRS adds the pegawai to this year's KRS with the key jabatan as a development
    target; an award enters the award history. Nothing is applied without an approval. The
    pegawai is notified in the application with a link to their career path."""
    nomor_sk = (nomor_sk or "").strip()
    if len(nomor_sk) > NOMOR_SK_MAKS:
        raise ValidationError({"nomor_sk": _("Nomor SK paling banyak %(n)d karakter.") % {"n": NOMOR_SK_MAKS}})
    obj = _kunci(rekomendasi.pk, actor=actor, harap=(Status.DISETUJUI,), aksi=AKSI_TERAPKAN)
    tmt = tmt or obj.tmt or timezone.localdate()
    pegawai = Pegawai.objects.select_related("jabatan", "unit_kerja", "golongan").get(pk=obj.pegawai_id)
    if pegawai.status != Pegawai.Status.AKTIF:
        raise ValidationError(
            {
                "pegawai": _("Pegawai berstatus %(status)s: rekomendasi hanya dapat diterapkan pada pegawai aktif.")
                % {"status": pegawai.get_status_display().lower()}
            }
        )
    _TERAPAN[JenisRekomendasi(obj.jenis)](actor, obj, pegawai, tmt, nomor_sk)
    obj.status, obj.diterapkan_oleh, obj.diterapkan_pada = Status.DITERAPKAN, actor, timezone.now()
    obj.tmt_penerapan, obj.nomor_sk = tmt, nomor_sk
    obj.save(update_fields=["status", "diterapkan_oleh", "diterapkan_pada", "tmt_penerapan", "nomor_sk", "updated_at"])
    _audit(actor, obj, _("Rekomendasi diterapkan"), status=obj.status, tmt=tmt.isoformat(), nomor_sk=nomor_sk)
    _beri_tahu(obj, pegawai, tmt)
    return obj


def _beri_tahu(obj: Rekomendasi, pegawai: Pegawai, tmt: datetime.date) -> None:
    if pegawai.user_id is None:
        return
    apa = {
        JenisRekomendasi.KP: lambda: _("Kenaikan pangkat ke %(golongan)s") % {"golongan": obj.golongan_baru},
        JenisRekomendasi.PROMOSI: lambda: _("Promosi ke jabatan %(jabatan)s") % {"jabatan": obj.jabatan_tujuan},
        JenisRekomendasi.ROTASI: lambda: _("Rotasi ke jabatan %(jabatan)s") % {"jabatan": obj.jabatan_tujuan},
        JenisRekomendasi.KRS: lambda: _("Keanggotaan kelompok rencana suksesi %(tahun)s") % {"tahun": obj.tahun},
        JenisRekomendasi.PENGHARGAAN: lambda: str(obj.get_penghargaan_display()),
    }[JenisRekomendasi(obj.jenis)]()
    notifikasi_kirim(
        pesan=[
            Pesan(
                user_id=pegawai.user_id,
                judul=_("%(apa)s telah ditetapkan") % {"apa": apa},
                isi=_("%(apa)s berlaku mulai %(tmt)s. Lihat jalur karier Anda.")
                % {"apa": apa, "tmt": tmt.strftime("%d-%m-%Y")},
                # the pegawai's own career path
                tautan=reverse("karier:jalur-saya"),
                kunci=f"rekomendasi:{obj.pk}:diterapkan",
            )
        ]
    )


def _terapkan_kp(actor: User, obj: Rekomendasi, pegawai: Pegawai, tmt: datetime.date, nomor_sk: str) -> None:
    golongan = obj.golongan_baru
    if golongan is None:
        raise ValidationError({"golongan_baru": _("Rekomendasi KP tidak memuat golongan baru.")})
    if golongan.jenis_asn == pegawai.golongan.jenis_asn and golongan.urutan <= pegawai.golongan.urutan:
        raise ValidationError(
            {
                "golongan_baru": _("Golongan %(baru)s tidak lebih tinggi dari golongan sekarang %(lama)s.")
                % {"baru": golongan.kode, "lama": pegawai.golongan.kode}
            }
        )
    if tmt <= pegawai.tmt_golongan:
        raise ValidationError(
            {
                "tmt": _("TMT kenaikan pangkat harus sesudah TMT golongan sekarang (%(tanggal)s).")
                % {"tanggal": pegawai.tmt_golongan.strftime("%d-%m-%Y")}
            }
        )
    jenis = (
        RiwayatPangkat.Jenis.FUNGSIONAL
        if pegawai.jabatan is not None and pegawai.jabatan.jenis.startswith("fungsional")
        else RiwayatPangkat.Jenis.REGULER
    )
    riwayat_pangkat_create(
        actor=actor, pegawai=pegawai, golongan=golongan, tmt=tmt, jenis=jenis, nomor_sk=nomor_sk, tanggal_sk=None
    )


def _terapkan_jabatan(actor: User, obj: Rekomendasi, pegawai: Pegawai, tmt: datetime.date, nomor_sk: str) -> None:
    jabatan = obj.jabatan_tujuan
    if jabatan is None:
        raise ValidationError({"jabatan_tujuan": _("Rekomendasi tidak memuat jabatan tujuan.")})
    if jabatan.pk == pegawai.jabatan_id:
        raise ValidationError(
            {"jabatan_tujuan": _("Pegawai sudah menduduki jabatan %(nama)s.") % {"nama": jabatan.nama}}
        )
    # the jabatan is locked so that two moves into its last seat cannot both pass the count
    jabatan = Jabatan.objects.select_for_update().select_related("unit_kerja").get(pk=jabatan.pk)
    terisi = Pegawai.objects.filter(jabatan=jabatan, status=Pegawai.Status.AKTIF).exclude(pk=pegawai.pk).count()
    if terisi >= jabatan.kebutuhan:
        raise ValidationError(
            {
                "jabatan_tujuan": _("Jabatan %(nama)s sudah terisi penuh (%(n)d dari %(k)d).")
                % {"nama": jabatan.nama, "n": terisi, "k": jabatan.kebutuhan}
            }
        )
    if pegawai.tmt_jabatan is not None and tmt <= pegawai.tmt_jabatan:
        raise ValidationError(
            {
                "tmt": _("TMT jabatan baru harus sesudah TMT jabatan sekarang (%(tanggal)s).")
                % {"tanggal": pegawai.tmt_jabatan.strftime("%d-%m-%Y")}
            }
        )
    pegawai_update(actor=actor, pegawai=pegawai, data={"jabatan": jabatan, "tmt_jabatan": tmt})


def _terapkan_krs(actor: User, obj: Rekomendasi, pegawai: Pegawai, tmt: datetime.date, nomor_sk: str) -> None:
    anggota, _dibuat = AnggotaKRS.objects.update_or_create(
        pegawai=pegawai,
        tahun=obj.tahun,
        defaults={
            "instansi_id": obj.instansi_id,
            "jabatan_target": obj.jabatan_tujuan,
            "rekomendasi": obj,
            "ditetapkan_oleh": actor,
        },
    )
    audit_record(
        actor=actor,
        subject=anggota,
        aksi=AuditLog.Aksi.CREATE,
        perubahan={"tahun": obj.tahun, "jabatan_target": str(obj.jabatan_tujuan or "")},
        ringkasan=_("Ditetapkan sebagai anggota KRS"),
        instansi_id=obj.instansi_id,
        pegawai_id=pegawai.pk,
    )
    if obj.jabatan_tujuan is not None and obj.jabatan_tujuan_id != pegawai.jabatan_id:
        target_jabatan_set(actor=actor, pegawai=pegawai, jabatan=obj.jabatan_tujuan, sumber=TargetJabatan.Sumber.KRS)


def _terapkan_penghargaan(actor: User, obj: Rekomendasi, pegawai: Pegawai, tmt: datetime.date, nomor_sk: str) -> None:
    if not obj.penghargaan:
        raise ValidationError({"penghargaan": _("Rekomendasi tidak memuat jenis penghargaan.")})
    nama = obj.get_penghargaan_display()
    if obj.penghargaan.startswith("satyalancana"):
        if RiwayatPenghargaan.objects.filter(pegawai=pegawai, jenis=obj.penghargaan).exists():
            raise ValidationError(
                {"penghargaan": _("%(nama)s hanya diberikan sekali dan sudah ada di riwayat pegawai.") % {"nama": nama}}
            )
    elif RiwayatPenghargaan.objects.filter(pegawai=pegawai, jenis=obj.penghargaan, tahun=tmt.year).exists():
        raise ValidationError(
            {
                "penghargaan": _("%(nama)s tahun %(tahun)d sudah ada di riwayat pegawai.")
                % {"nama": nama, "tahun": tmt.year}
            }
        )
    row = RiwayatPenghargaan.objects.create(
        pegawai=pegawai, jenis=obj.penghargaan, tahun=tmt.year, tanggal=tmt, nomor_sk=nomor_sk, rekomendasi=obj
    )
    audit_record(
        actor=actor,
        subject=row,
        aksi=AuditLog.Aksi.CREATE,
        perubahan={"jenis": obj.penghargaan, "tanggal": tmt.isoformat(), "nomor_sk": nomor_sk},
        ringkasan=_("Penghargaan dicatat"),
        instansi_id=obj.instansi_id,
        pegawai_id=pegawai.pk,
    )


_TERAPAN = {
    JenisRekomendasi.KP: _terapkan_kp,
    JenisRekomendasi.PROMOSI: _terapkan_jabatan,
    JenisRekomendasi.ROTASI: _terapkan_jabatan,
    JenisRekomendasi.KRS: _terapkan_krs,
    JenisRekomendasi.PENGHARGAAN: _terapkan_penghargaan,
}


def golongan_pns_map() -> dict[str, int]:
    """PNS golongan code → id (for proposals that name the new golongan)."""
    return dict(Golongan.objects.filter(jenis_asn="PNS").values_list("kode", "id"))
