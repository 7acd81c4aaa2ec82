"""Realisasi with its bukti dukung, continuous feedback, the rating of a period and the annual
objection (keberatan).

Every service validates, writes an audit row and notifies the other party. A refusal is a
``ValidationError`` naming the field and the rule; an actor who may not do the thing at all gets
``PermissionDenied`` (the pages and the API have already hidden what the actor may not see).
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.berkas import berkas_periksa
from common.services import Pesan, audit_record, notifikasi_kirim
from pegawai.models import Pegawai, User
from pegawai.permissions import pegawai_of_user
from pegawai.selectors import kebijakan_get
from penilaian import rules
from penilaian.models import (
    SKP,
    BuktiDukung,
    EvaluasiKinerja,
    IndikatorKinerja,
    Keberatan,
    Periode,
    PredikatUnit,
    Realisasi,
    RencanaHasilKerja,
    UmpanBalik,
)
from penilaian.permissions import is_bkd_of

UKURAN_BAWAAN = 5 * 1024 * 1024
EKSTENSI_BUKTI = ("pdf", "jpg", "jpeg", "png", "xlsx", "docx")


# ---------------------------------------------------------------------------------------------
# Shared checks


def _me(actor: User) -> Pegawai | None:
    return pegawai_of_user(actor)


def _require_owner(actor: User, skp: SKP) -> Pegawai:
    me = _me(actor)
    if me is None or me.pk != skp.pegawai_id:
        raise PermissionDenied(_("Hanya pemilik SKP yang boleh mengubah realisasinya."))
    return me


def _periode_realisasi_check(*, periode: Periode, skp: SKP) -> None:
    """Realisasi belongs to an open periodic period of the SKP's instansi and year."""
    if periode.instansi_id != skp.instansi_id or periode.tahun != skp.tahun:
        raise ValidationError({"periode": _("Periode harus periode instansi dan tahun SKP yang sama.")})
    if periode.is_tahunan:
        raise ValidationError({"periode": _("Realisasi diisi per periode berkala, bukan pada periode tahunan.")})
    if periode.status != Periode.Status.TERBUKA:
        raise ValidationError({"periode": _("Periode %(nama)s sudah ditutup.") % {"nama": periode.nama}})


def _user_id(pegawai: Pegawai | None) -> int | None:
    return pegawai.user_id if pegawai is not None else None


def _kirim(pesan: list[Pesan]) -> None:
    notifikasi_kirim(pesan=[p for p in pesan if p.user_id])


def _evaluasi_url(evaluasi: EvaluasiKinerja) -> str:
    return reverse("penilaian:evaluasi-detail", args=[evaluasi.pk])


# ---------------------------------------------------------------------------------------------
# Realisasi


@transaction.atomic
def realisasi_simpan(
    *,
    actor: User,
    indikator: IndikatorKinerja,
    periode: Periode,
    nilai: Decimal | None = None,
    nilai_kualitatif: str = "",
    catatan: str = "",
) -> Realisasi:
    """Record (or change) what the pegawai achieved on one indikator in one period. The capaian
    of a quantitative indikator is computed with ``rules.capaian`` and stored with it."""
    skp = indikator.rhk.skp
    _require_owner(actor, skp)
    if skp.status != SKP.Status.DISETUJUI:
        raise ValidationError({"indikator": _("Realisasi hanya dapat diisi setelah SKP disetujui.")})
    _periode_realisasi_check(periode=periode, skp=skp)
    capaian: Decimal | None = None
    nilai_kualitatif = (nilai_kualitatif or "").strip()
    if indikator.jenis == rules.JenisIndikator.KUANTITATIF:
        if nilai is None or nilai == "":
            raise ValidationError({"nilai": _("Realisasi indikator kuantitatif wajib diisi angka.")})
        try:
            nilai = Decimal(nilai)
        except (InvalidOperation, TypeError, ValueError) as e:
            raise ValidationError({"nilai": _("Realisasi harus berupa angka.")}) from e
        if not nilai.is_finite() or nilai < 0:
            raise ValidationError({"nilai": _("Realisasi tidak boleh negatif.")})
        # a database constraint gives every quantitative indikator a positive target
        capaian = rules.capaian(target=indikator.target or Decimal(0), realisasi=nilai, arah=indikator.arah)
        nilai_kualitatif = ""
    else:
        if not nilai_kualitatif:
            raise ValidationError({"nilai_kualitatif": _("Realisasi indikator kualitatif wajib diisi uraian.")})
        nilai = None
    lama = Realisasi.objects.filter(indikator=indikator, periode=periode).first()
    data = {
        "nilai": nilai,
        "nilai_kualitatif": nilai_kualitatif,
        "catatan": (catatan or "").strip(),
        "capaian": capaian,
    }
    if lama is None:
        obj = Realisasi.objects.create(indikator=indikator, periode=periode, **data)
        perubahan: dict[str, Any] = {k: _plain(v) for k, v in data.items()}
        aksi = "create"
    else:
        perubahan = {}
        for k, v in data.items():
            if getattr(lama, k) != v:
                perubahan[k] = {"lama": _plain(getattr(lama, k)), "baru": _plain(v)}
                setattr(lama, k, v)
        if perubahan:
            lama.save(update_fields=[*data.keys(), "updated_at"])
        obj = lama
        aksi = "update"
    if perubahan:
        audit_record(
            actor=actor,
            subject=obj,
            aksi=aksi,
            perubahan=perubahan,
            ringkasan=f"Realisasi {periode.nama}: {indikator.uraian[:80]}",
            instansi_id=skp.instansi_id,
            pegawai_id=skp.pegawai_id,
        )
    return obj


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


# ---------------------------------------------------------------------------------------------
# Bukti dukung


def _berkas_check(berkas: UploadedFile) -> tuple[str, int]:
    return berkas_periksa(
        berkas,
        field="berkas",
        ekstensi=EKSTENSI_BUKTI,
        batas=int(getattr(settings, "BUKTI_UKURAN_MAKSIMAL", UKURAN_BAWAAN)),
        pesan_jenis=_("Jenis berkas tidak diizinkan; gunakan PDF, JPG, PNG, XLSX atau DOCX."),
    )


@transaction.atomic
def bukti_tambah(
    *, actor: User, realisasi: Realisasi, berkas: UploadedFile | None = None, tautan: str = "", nama: str = ""
) -> BuktiDukung:
    """Attach evidence to a realisasi: an uploaded file (type checked by extension and by content,
    size within the limit) or a link, not both."""
    skp = realisasi.indikator.rhk.skp
    _require_owner(actor, skp)
    _periode_realisasi_check(periode=realisasi.periode, skp=skp)
    tautan = (tautan or "").strip()
    if berkas is not None and tautan:
        raise ValidationError({"tautan": _("Isi berkas atau tautan, tidak keduanya.")})
    if berkas is None and not tautan:
        raise ValidationError({"berkas": _("Unggah berkas atau isi tautan bukti dukung.")})
    if berkas is not None:
        nama_berkas, ukuran = _berkas_check(berkas)
        obj = BuktiDukung(realisasi=realisasi, nama=(nama or nama_berkas)[:200], ukuran=ukuran)
        obj.berkas.save(nama_berkas, berkas, save=False)
        obj.save()
    else:
        if not tautan.lower().startswith(("http://", "https://")):
            raise ValidationError({"tautan": _("Tautan harus diawali http:// atau https://.")})
        obj = BuktiDukung.objects.create(realisasi=realisasi, nama=(nama or tautan)[:200], tautan=tautan[:500])
    audit_record(
        actor=actor,
        subject=obj,
        aksi="create",
        perubahan={"nama": obj.nama, "ukuran": obj.ukuran, "tautan": obj.tautan},
        ringkasan=f"Bukti dukung realisasi {realisasi.pk}",
        instansi_id=skp.instansi_id,
        pegawai_id=skp.pegawai_id,
    )
    return obj


@transaction.atomic
def bukti_hapus(*, actor: User, bukti: BuktiDukung) -> None:
    """Remove evidence while its period is open; the file goes once the transaction commits."""
    realisasi = bukti.realisasi
    skp = realisasi.indikator.rhk.skp
    _require_owner(actor, skp)
    _periode_realisasi_check(periode=realisasi.periode, skp=skp)
    audit_record(
        actor=actor,
        subject=bukti,
        aksi="delete",
        perubahan={"nama": bukti.nama, "tautan": bukti.tautan},
        ringkasan=f"Bukti dukung realisasi {realisasi.pk} dihapus",
        instansi_id=skp.instansi_id,
        pegawai_id=skp.pegawai_id,
    )
    berkas = bukti.berkas
    storage, nama = berkas.storage, berkas.name
    bukti.delete()
    if nama:
        transaction.on_commit(lambda: storage.delete(nama))


# ---------------------------------------------------------------------------------------------
# Continuous feedback


@transaction.atomic
def umpan_balik_tambah(*, actor: User, rhk: RencanaHasilKerja, periode: Periode | None = None, isi: str) -> UmpanBalik:
    """A message in the feedback thread of an RHK, by the pegawai or their pejabat penilai; the
    other party is notified."""
    skp = rhk.skp
    me = _me(actor)
    if me is None or me.pk not in (skp.pegawai_id, skp.pejabat_penilai_id):
        raise PermissionDenied(_("Hanya pemilik SKP dan pejabat penilainya yang dapat memberi umpan balik."))
    isi = (isi or "").strip()
    if not isi:
        raise ValidationError({"isi": _("Umpan balik wajib diisi.")})
    if periode is not None and (periode.instansi_id != skp.instansi_id or periode.tahun != skp.tahun):
        raise ValidationError({"periode": _("Periode harus periode instansi dan tahun SKP yang sama.")})
    obj = UmpanBalik.objects.create(rhk=rhk, periode=periode, penulis=actor, penulis_pegawai=me, isi=isi)
    audit_record(
        actor=actor,
        subject=obj,
        aksi="create",
        ringkasan=f"Umpan balik RHK {rhk.pk}",
        instansi_id=skp.instansi_id,
        pegawai_id=skp.pegawai_id,
    )
    if me.pk == skp.pegawai_id:
        penerima = skp.pejabat_penilai
        tautan = reverse("penilaian:evaluasi-bawahan")
    else:
        penerima = skp.pegawai
        tautan = reverse("penilaian:evaluasi-realisasi") + (f"?periode={periode.pk}" if periode else "")
    uid = _user_id(penerima)
    if uid:
        _kirim(
            [
                Pesan(
                    user_id=uid,
                    judul=_("Umpan balik baru dari %(nama)s") % {"nama": me.nama},
                    isi=isi[:500],
                    tautan=tautan,
                    kunci=f"umpan-balik:{obj.pk}",
                )
            ]
        )
    return obj


# ---------------------------------------------------------------------------------------------
# Rating


def rating_hasil_kerja_wajib(evaluasi: EvaluasiKinerja) -> rules.Rating | None:
    """The rating hasil kerja a unit leader must get: their unit's result (predikat organisasi),
    when the unit has one for the period; None otherwise."""
    if not evaluasi.is_kepala_unit or evaluasi.unit_kerja_id is None:
        return None
    pu = (
        PredikatUnit.objects.filter(periode_id=evaluasi.periode_id, unit_kerja_id=evaluasi.unit_kerja_id)
        .values_list("predikat_organisasi", flat=True)
        .first()
    )
    return rules.rating_hasil_kerja_pimpinan(pu) if pu else None


def _skp_of(evaluasi: EvaluasiKinerja) -> SKP | None:
    if evaluasi.skp_id:
        return evaluasi.skp
    return SKP.objects.filter(pegawai_id=evaluasi.pegawai_id, tahun=evaluasi.periode.tahun).first()


@transaction.atomic
def evaluasi_nilai(
    *,
    actor: User,
    evaluasi: EvaluasiKinerja,
    rating_hasil_kerja: str = "",
    rating_perilaku: str,
    catatan: str = "",
) -> EvaluasiKinerja:
    """The pejabat penilai of the row rates hasil kerja and perilaku; the predikat follows from
    the matrix. A unit leader's rating hasil kerja is their unit's result when it is set."""
    evaluasi = (
        EvaluasiKinerja.objects.select_for_update(of=("self",))
        .select_related("periode", "pegawai", "skp")
        .get(pk=evaluasi.pk)
    )
    me = _me(actor)
    if me is None or evaluasi.pejabat_penilai_id != me.pk:
        raise PermissionDenied(_("Hanya pejabat penilai periode ini yang dapat menilai."))
    if evaluasi.status == EvaluasiKinerja.Status.FINAL:
        raise ValidationError({"__all__": _("Penilaian periode ini sudah final dan tidak dapat diubah.")})
    if evaluasi.status == EvaluasiKinerja.Status.KEBERATAN:
        raise ValidationError({"__all__": _("Ada keberatan yang belum diputus; penilaian tidak dapat diubah.")})
    skp = _skp_of(evaluasi)
    if skp is None or skp.status != SKP.Status.DISETUJUI:
        raise ValidationError({"__all__": _("SKP pegawai untuk tahun ini belum disetujui.")})
    wajib = rating_hasil_kerja_wajib(evaluasi)
    if wajib is not None:
        if rating_hasil_kerja and rating_hasil_kerja != wajib:
            raise ValidationError(
                {
                    "rating_hasil_kerja": _(
                        "Pegawai ini memimpin unit kerja: rating hasil kerjanya mengikuti predikat kinerja "
                        "organisasi unitnya, yaitu %(rating)s."
                    )
                    % {"rating": wajib.label}
                }
            )
        rating_hasil_kerja = wajib
    errors: dict[str, str] = {}
    if rating_hasil_kerja not in rules.Rating.values:
        errors["rating_hasil_kerja"] = _("Pilih salah satu rating hasil kerja.")
    if rating_perilaku not in rules.Rating.values:
        errors["rating_perilaku"] = _("Pilih salah satu rating perilaku kerja.")
    if errors:
        raise ValidationError(errors)
    hasil = rules.predikat(rating_hasil_kerja, rating_perilaku)
    fields = ["rating_hasil_kerja", "rating_perilaku", "predikat_matriks", "predikat", "catatan_penilai"]
    lama = {f: getattr(evaluasi, f) for f in fields}
    evaluasi.rating_hasil_kerja = rating_hasil_kerja
    evaluasi.rating_perilaku = rating_perilaku
    evaluasi.predikat_matriks = hasil.value
    evaluasi.predikat = hasil.value
    evaluasi.catatan_penilai = (catatan or "").strip()
    evaluasi.alasan_penyesuaian = ""
    evaluasi.disesuaikan_oleh = None
    evaluasi.status = EvaluasiKinerja.Status.DINILAI
    evaluasi.dinilai_pada = timezone.now()
    evaluasi.dinilai_oleh = actor
    evaluasi.save(
        update_fields=[
            *fields,
            "alasan_penyesuaian",
            "disesuaikan_oleh",
            "status",
            "dinilai_pada",
            "dinilai_oleh",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        subject=evaluasi,
        aksi="update",
        perubahan={
            f: {"lama": lama[f], "baru": getattr(evaluasi, f)} for f in fields if lama[f] != getattr(evaluasi, f)
        },
        ringkasan=f"Penilaian {evaluasi.periode.nama}: {hasil.label}",
        instansi_id=evaluasi.periode.instansi_id,
        pegawai_id=evaluasi.pegawai_id,
    )
    uid = evaluasi.pegawai.user_id
    if uid:
        _kirim(
            [
                Pesan(
                    user_id=uid,
                    judul=_("Penilaian kinerja %(periode)s: %(predikat)s")
                    % {"periode": evaluasi.periode.nama, "predikat": hasil.label},
                    tautan=_evaluasi_url(evaluasi),
                    kunci=f"evaluasi-nilai:{evaluasi.pk}:{evaluasi.dinilai_pada.isoformat()}",
                )
            ]
        )
    return evaluasi


# ---------------------------------------------------------------------------------------------
# Keberatan


def keberatan_batas(evaluasi: EvaluasiKinerja) -> datetime.datetime | None:
    """The last moment an objection may be filed: dinilai_pada + the policy's days."""
    if evaluasi.dinilai_pada is None:
        return None
    hari = kebijakan_get(instansi=evaluasi.periode.instansi).keberatan_batas_hari
    return evaluasi.dinilai_pada + datetime.timedelta(days=hari)


@transaction.atomic
def keberatan_ajukan(*, actor: User, evaluasi: EvaluasiKinerja, alasan: str) -> Keberatan:
    """The pegawai objects to their annual predikat, within the policy's days after rating."""
    evaluasi = (
        EvaluasiKinerja.objects.select_for_update(of=("self",))
        .select_related("periode", "periode__instansi")
        .get(pk=evaluasi.pk)
    )
    me = _me(actor)
    if me is None or evaluasi.pegawai_id != me.pk:
        raise PermissionDenied(_("Hanya pegawai yang dinilai yang dapat mengajukan keberatan."))
    if not evaluasi.periode.is_tahunan:
        raise ValidationError({"__all__": _("Keberatan hanya dapat diajukan atas predikat tahunan.")})
    if evaluasi.status == EvaluasiKinerja.Status.KEBERATAN:
        raise ValidationError({"__all__": _("Masih ada keberatan yang belum diputus.")})
    if evaluasi.status != EvaluasiKinerja.Status.DINILAI or not evaluasi.predikat:
        raise ValidationError({"__all__": _("Keberatan hanya dapat diajukan atas predikat yang sudah dinilai.")})
    batas = keberatan_batas(evaluasi)
    if batas is not None and timezone.now() > batas:
        hari = kebijakan_get(instansi=evaluasi.periode.instansi).keberatan_batas_hari
        raise ValidationError(
            {"__all__": _("Batas pengajuan keberatan %(hari)s hari setelah penilaian sudah lewat.") % {"hari": hari}}
        )
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError({"alasan": _("Alasan keberatan wajib diisi.")})
    obj = Keberatan.objects.create(
        evaluasi=evaluasi, diajukan_oleh=actor, alasan=alasan, predikat_semula=evaluasi.predikat
    )
    evaluasi.status = EvaluasiKinerja.Status.KEBERATAN
    evaluasi.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        subject=obj,
        aksi="create",
        perubahan={"alasan": alasan, "predikat_semula": obj.predikat_semula},
        ringkasan=f"Keberatan atas predikat {evaluasi.periode.nama}",
        instansi_id=evaluasi.periode.instansi_id,
        pegawai_id=evaluasi.pegawai_id,
    )
    penerima: list[int] = []
    if evaluasi.atasan_pejabat_penilai_id:
        uid = Pegawai.objects.filter(pk=evaluasi.atasan_pejabat_penilai_id).values_list("user_id", flat=True).first()
        if uid:
            penerima.append(uid)
    if not penerima:
        penerima = list(
            User.objects.filter(
                instansi_id=evaluasi.periode.instansi_id, peran=User.Peran.BKD, is_active=True
            ).values_list("pk", flat=True)
        )
    _kirim(
        [
            Pesan(
                user_id=uid,
                judul=_("Keberatan atas predikat %(periode)s dari %(nama)s")
                % {"periode": evaluasi.periode.nama, "nama": me.nama},
                isi=alasan[:500],
                tautan=reverse("penilaian:evaluasi-keberatan-list"),
                kunci=f"keberatan:{obj.pk}",
            )
            for uid in penerima
        ]
    )
    return obj


def can_putus_keberatan(user: User, keberatan: Keberatan) -> bool:
    evaluasi = keberatan.evaluasi
    me = _me(user)
    if me is not None and evaluasi.atasan_pejabat_penilai_id == me.pk:
        return True
    return is_bkd_of(user, evaluasi.periode.instansi_id)


@transaction.atomic
def keberatan_putus(
    *, actor: User, keberatan: Keberatan, diterima: bool, predikat_baru: str = "", tanggapan: str
) -> Keberatan:
    """The atasan pejabat penilai (or BKD) decides an objection. Accepted: the predikat becomes
    ``predikat_baru`` with the response as the reason of the adjustment. Either way the evaluation
    is rated again (status dinilai)."""
    keberatan = (
        Keberatan.objects.select_for_update(of=("self",))
        .select_related("evaluasi", "evaluasi__periode")
        .get(pk=keberatan.pk)
    )
    if not can_putus_keberatan(actor, keberatan):
        raise PermissionDenied(_("Hanya atasan pejabat penilai atau BKD yang dapat memutus keberatan."))
    if keberatan.status != Keberatan.Status.DIAJUKAN:
        raise ValidationError({"__all__": _("Keberatan ini sudah diputus.")})
    tanggapan = (tanggapan or "").strip()
    if not tanggapan:
        raise ValidationError({"tanggapan": _("Tanggapan atas keberatan wajib diisi.")})
    evaluasi = keberatan.evaluasi
    lama_predikat = evaluasi.predikat
    if diterima:
        if predikat_baru not in rules.Predikat.values:
            raise ValidationError({"predikat_baru": _("Pilih predikat baru bila keberatan diterima.")})
        if predikat_baru == keberatan.predikat_semula:
            raise ValidationError(
                {"predikat_baru": _("Predikat baru harus berbeda dari predikat semula bila keberatan diterima.")}
            )
        evaluasi.predikat = predikat_baru
        evaluasi.alasan_penyesuaian = _("Keberatan diterima: %(tanggapan)s") % {"tanggapan": tanggapan}
        evaluasi.disesuaikan_oleh = actor
        keberatan.status = Keberatan.Status.DITERIMA
        keberatan.predikat_baru = predikat_baru
    else:
        keberatan.status = Keberatan.Status.DITOLAK
        keberatan.predikat_baru = ""
    keberatan.tanggapan = tanggapan
    keberatan.diputus_oleh = actor
    keberatan.diputus_pada = timezone.now()
    keberatan.save(update_fields=["status", "predikat_baru", "tanggapan", "diputus_oleh", "diputus_pada", "updated_at"])
    evaluasi.status = EvaluasiKinerja.Status.DINILAI
    evaluasi.save(update_fields=["predikat", "alasan_penyesuaian", "disesuaikan_oleh", "status", "updated_at"])
    audit_record(
        actor=actor,
        subject=keberatan,
        aksi="update",
        perubahan={
            "status": keberatan.status,
            "tanggapan": tanggapan,
            "predikat": {"lama": lama_predikat, "baru": evaluasi.predikat},
        },
        ringkasan=f"Keberatan {keberatan.pk} {keberatan.get_status_display()}",
        instansi_id=evaluasi.periode.instansi_id,
        pegawai_id=evaluasi.pegawai_id,
    )
    uid = Pegawai.objects.filter(pk=evaluasi.pegawai_id).values_list("user_id", flat=True).first()
    if uid:
        _kirim(
            [
                Pesan(
                    user_id=uid,
                    judul=_("Keberatan Anda %(status)s") % {"status": keberatan.get_status_display().lower()},
                    isi=tanggapan[:500],
                    tautan=_evaluasi_url(evaluasi),
                    kunci=f"keberatan-putus:{keberatan.pk}",
                )
            ]
        )
    return keberatan
