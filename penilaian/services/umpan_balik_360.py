"""360 feedback: requests to the raters of a ratee, and their answers.

Raters are named from the ratee's side (``rules.PeranPenilai360``): the ratee's *atasan* (the
pejabat penilai of the period's snapshot, else the stored atasan), their *rekan* (active pegawai
with the same atasan, by name, at most ``rekan_maks``), their *bawahan* (active pegawai whose
atasan is the ratee) and the ratee *diri sendiri*. Requests are idempotent through the unique
constraint (periode, dinilai, penilai): asking again adds only the raters who are new.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.services import Pesan, audit_record, notifikasi_kirim
from pegawai.models import Pegawai, UnitKerja, User
from pegawai.permissions import pegawai_of_user
from penilaian.models import EvaluasiKinerja, JawabanUmpanBalik360, Periode, PermintaanUmpanBalik360
from penilaian.permissions import is_bkd_of
from penilaian.rules import AspekPerilaku, PeranPenilai360

REKAN_MAKS = 5
BATCH = 5000
KOMENTAR_MAKS = 2000


@dataclass(frozen=True)
class Penilai:
    """One rater of one ratee: the row to insert."""

    dinilai_id: int
    penilai_id: int
    peran: str


def penilai_360_rencana(
    *,
    dinilai_id: int,
    atasan_id: int | None,
    aktif_per_atasan: Mapping[int, Sequence[int]],
    aktif: Iterable[int] | None = None,
    rekan_maks: int = REKAN_MAKS,
) -> list[Penilai]:
    """The raters of one ratee, from the active pegawai grouped by their atasan (each group in
    name order). Pure: the single and the bulk services both call it, so they agree.

    ``atasan_id`` counts only when that pegawai is active (``aktif``, or a member of any group)."""
    out: list[Penilai] = [Penilai(dinilai_id, dinilai_id, PeranPenilai360.DIRI_SENDIRI)]
    dipakai = {dinilai_id}
    if atasan_id is not None and atasan_id != dinilai_id and (aktif is None or atasan_id in aktif):
        out.append(Penilai(dinilai_id, atasan_id, PeranPenilai360.ATASAN))
        dipakai.add(atasan_id)
    for bawahan_id in aktif_per_atasan.get(dinilai_id, ()):
        if bawahan_id not in dipakai:
            out.append(Penilai(dinilai_id, bawahan_id, PeranPenilai360.BAWAHAN))
            dipakai.add(bawahan_id)
    if atasan_id is not None:
        rekan = [pk for pk in aktif_per_atasan.get(atasan_id, ()) if pk not in dipakai]
        out.extend(Penilai(dinilai_id, pk, PeranPenilai360.REKAN) for pk in rekan[: max(rekan_maks, 0)])
    return out


def _periode_terbuka(periode: Periode) -> None:
    if periode.status == Periode.Status.DITUTUP:
        raise ValidationError({"periode": _("Periode %(nama)s sudah ditutup.") % {"nama": periode.nama}})


def _atasan_snapshot(*, periode: Periode, dinilai: Pegawai) -> int | None:
    """The pejabat penilai of the period's snapshot, else the stored atasan."""
    snapshot = (
        EvaluasiKinerja.objects.filter(periode=periode, pegawai=dinilai)
        .values_list("pejabat_penilai_id", flat=True)
        .first()
    )
    return snapshot if snapshot is not None else dinilai.atasan_id


def permintaan_360_boleh_buat(*, actor: User, periode: Periode, dinilai: Pegawai, atasan_id: int | None) -> bool:
    """BKD of the instansi, the ratee's pejabat penilai (snapshot or stored), or the ratee."""
    if is_bkd_of(actor, periode.instansi_id):
        return True
    me = pegawai_of_user(actor)
    if me is None:
        return False
    return me.pk in {dinilai.pk, atasan_id, dinilai.atasan_id}


def _insert(rows: Iterable[Penilai], *, periode: Periode) -> int:
    """Insert in batches; rows that exist are skipped by the unique constraint. Returns how many
    rows were offered (the caller counts the new ones by their creation time)."""
    offered = 0
    it = iter(rows)
    while batch := list(itertools.islice(it, BATCH)):
        offered += len(batch)
        PermintaanUmpanBalik360.objects.bulk_create(
            (
                PermintaanUmpanBalik360(
                    periode_id=periode.pk, dinilai_id=r.dinilai_id, penilai_id=r.penilai_id, peran=r.peran
                )
                for r in batch
            ),
            batch_size=BATCH,
            ignore_conflicts=True,
        )
    return offered


def _notify_new(*, periode: Periode, sejak: Any, dinilai_ids: Sequence[int] | None = None) -> int:
    """Tell each rater of a request made since ``sejak`` (one message per request, keyed by it)."""
    qs = PermintaanUmpanBalik360.objects.filter(
        periode=periode,
        created_at__gte=sejak,
        status=PermintaanUmpanBalik360.Status.MENUNGGU,
        penilai__user__isnull=False,
    )
    if dinilai_ids is not None:
        qs = qs.filter(dinilai_id__in=dinilai_ids)
    rows = qs.order_by("pk").values_list("pk", "peran", "penilai__user_id", "penilai__email", "dinilai__nama")
    judul = _("Permintaan umpan balik 360")
    terkirim = 0
    it: Iterator[tuple[int, str, int, str, str]] = rows.iterator(chunk_size=BATCH)
    while batch := list(itertools.islice(it, BATCH)):
        pesan = []
        for pk, peran, user_id, email, nama in batch:
            tautan = reverse("penilaian:umpan-balik-360-jawab", args=[pk])
            if peran == PeranPenilai360.DIRI_SENDIRI:
                isi = _("Isi penilaian diri 360 untuk periode %(periode)s.") % {"periode": periode.nama}
            else:
                isi = _("Beri umpan balik 360 untuk %(nama)s, periode %(periode)s.") % {
                    "nama": nama,
                    "periode": periode.nama,
                }
            pesan.append(
                Pesan(user_id=user_id, judul=judul, isi=isi, tautan=tautan, kunci=f"ub360:{pk}", email=email or "")
            )
        terkirim += notifikasi_kirim(pesan=pesan)
    return terkirim


@transaction.atomic
def permintaan_360_buat(
    *, actor: User, periode: Periode, dinilai: Pegawai, rekan_maks: int = REKAN_MAKS
) -> list[PermintaanUmpanBalik360]:
    """Ask the raters of one ratee. Allowed for BKD of the instansi, the ratee's pejabat penilai
    and the ratee. Idempotent. Returns every request of the ratee in the period."""
    if dinilai.instansi_id != periode.instansi_id:
        raise ValidationError({"dinilai": _("Pegawai bukan dari instansi periode ini.")})
    atasan_id = _atasan_snapshot(periode=periode, dinilai=dinilai)
    if not permintaan_360_boleh_buat(actor=actor, periode=periode, dinilai=dinilai, atasan_id=atasan_id):
        raise PermissionDenied
    _periode_terbuka(periode)
    if dinilai.status != Pegawai.Status.AKTIF:
        raise ValidationError({"dinilai": _("Hanya pegawai aktif yang dapat dinilai.")})
    kelompok: dict[int, list[int]] = defaultdict(list)
    aktif: set[int] = set()
    atasan_q = Q(atasan_id=dinilai.pk)
    if atasan_id is not None:
        atasan_q |= Q(atasan_id=atasan_id) | Q(pk=atasan_id)
    for pk, atasan_pk in (
        Pegawai.objects.filter(atasan_q, status=Pegawai.Status.AKTIF, instansi_id=periode.instansi_id)
        .order_by("nama", "id")
        .values_list("pk", "atasan_id")
    ):
        aktif.add(pk)
        if atasan_pk in (dinilai.pk, atasan_id):
            kelompok[atasan_pk].append(pk)
    rencana = penilai_360_rencana(
        dinilai_id=dinilai.pk, atasan_id=atasan_id, aktif_per_atasan=kelompok, aktif=aktif, rekan_maks=rekan_maks
    )
    sejak = timezone.now()
    _insert(rencana, periode=periode)
    _notify_new(periode=periode, sejak=sejak, dinilai_ids=[dinilai.pk])
    audit_record(
        actor=actor,
        subject=periode,
        aksi="create",
        ringkasan=f"Permintaan umpan balik 360: {dinilai.nama}",
        perubahan={"dinilai": dinilai.pk, "penilai_diminta": len(rencana)},
        instansi_id=periode.instansi_id,
        pegawai_id=dinilai.pk,
    )
    return list(
        PermintaanUmpanBalik360.objects.filter(periode=periode, dinilai=dinilai)
        .select_related("penilai")
        .order_by("peran", "penilai__nama", "pk")
    )


@dataclass(frozen=True)
class HasilMassal:
    dinilai: int
    permintaan_baru: int
    notifikasi: int


@transaction.atomic
def permintaan_360_buat_massal(
    *, actor: User, periode: Periode, unit_kerja: UnitKerja | None = None, rekan_maks: int = REKAN_MAKS
) -> HasilMassal:
    """Ask the raters of every active pegawai of the instansi (or of a unit and the units below
    it), set-based: three reads (active pegawai, the period's penilai snapshot, the scope), rows
    inserted in batches, raters notified in batches. Only BKD of the instansi."""
    if not is_bkd_of(actor, periode.instansi_id):
        raise PermissionDenied
    _periode_terbuka(periode)
    if unit_kerja is not None and unit_kerja.instansi_id != periode.instansi_id:
        raise ValidationError({"unit_kerja": _("Unit kerja bukan dari instansi periode ini.")})
    kelompok: dict[int, list[int]] = defaultdict(list)
    stored_atasan: dict[int, int | None] = {}
    for pk, atasan_pk in (
        Pegawai.objects.filter(instansi_id=periode.instansi_id, status=Pegawai.Status.AKTIF)
        .order_by("nama", "id")
        .values_list("pk", "atasan_id")
        .iterator(chunk_size=BATCH)
    ):
        stored_atasan[pk] = atasan_pk
        if atasan_pk is not None:
            kelompok[atasan_pk].append(pk)
    snapshot = dict(
        EvaluasiKinerja.objects.filter(periode=periode, pejabat_penilai_id__isnull=False)
        .values_list("pegawai_id", "pejabat_penilai_id")
        .iterator(chunk_size=BATCH)
    )
    if unit_kerja is None:
        dinilai_ids = sorted(stored_atasan)
    else:
        dinilai_ids = sorted(
            Pegawai.objects.filter(
                instansi_id=periode.instansi_id,
                status=Pegawai.Status.AKTIF,
                unit_kerja__path__startswith=unit_kerja.path,
            ).values_list("pk", flat=True)
        )

    def rows() -> Iterator[Penilai]:
        for pk in dinilai_ids:
            yield from penilai_360_rencana(
                dinilai_id=pk,
                atasan_id=snapshot.get(pk, stored_atasan.get(pk)),
                aktif_per_atasan=kelompok,
                aktif=stored_atasan,
                rekan_maks=rekan_maks,
            )

    sejak = timezone.now()
    _insert(rows(), periode=periode)
    baru = PermintaanUmpanBalik360.objects.filter(periode=periode, created_at__gte=sejak).count()
    terkirim = _notify_new(periode=periode, sejak=sejak, dinilai_ids=None if unit_kerja is None else dinilai_ids)
    audit_record(
        actor=actor,
        subject=unit_kerja if unit_kerja is not None else periode,
        aksi="create",
        ringkasan=f"Permintaan umpan balik 360 massal: {periode.nama}",
        perubahan={"periode": periode.pk, "dinilai": len(dinilai_ids), "permintaan_baru": baru},
        instansi_id=periode.instansi_id,
    )
    return HasilMassal(dinilai=len(dinilai_ids), permintaan_baru=baru, notifikasi=terkirim)


def _skor(aspek: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValidationError({aspek: _("Skor harus bilangan bulat 1 sampai 5.")})
    text = str(value).strip()
    if not (text.isascii() and text.lstrip("-").isdigit()) or not 1 <= int(text) <= 5:
        raise ValidationError({aspek: _("Skor harus bilangan bulat 1 sampai 5.")})
    return int(text)


@transaction.atomic
def jawaban_360_simpan(
    *, actor: User, permintaan: PermintaanUmpanBalik360, jawaban: Mapping[str, tuple[Any, str]]
) -> PermintaanUmpanBalik360:
    """Save the rater's answers: all seven BerAKHLAK values, each an integer score 1–5 with an
    optional comment. Only the rater answers; answers may be changed until the period closes."""
    me = pegawai_of_user(actor)
    if me is None or me.pk != permintaan.penilai_id:
        raise PermissionDenied
    _periode_terbuka(permintaan.periode)
    errors: dict[str, list[str]] = {}
    bersih: dict[str, tuple[int, str]] = {}
    for aspek in jawaban:
        if aspek not in AspekPerilaku.values:
            errors.setdefault(str(aspek), []).append(_("Aspek perilaku tidak dikenal."))
    for aspek in AspekPerilaku.values:
        if aspek not in jawaban:
            errors.setdefault(aspek, []).append(_("Wajib diisi."))
            continue
        nilai = jawaban[aspek]
        skor, komentar = nilai if isinstance(nilai, (tuple, list)) and len(nilai) == 2 else (nilai, "")
        try:
            skor_int = _skor(aspek, skor)
        except ValidationError as e:
            errors.setdefault(aspek, []).extend(e.messages)
            continue
        teks = str(komentar or "").strip()
        if len(teks) > KOMENTAR_MAKS:
            errors.setdefault(aspek, []).append(
                _("Komentar paling panjang %(maks)s karakter.") % {"maks": KOMENTAR_MAKS}
            )
            continue
        bersih[aspek] = (skor_int, teks)
    if errors:
        raise ValidationError(errors)
    JawabanUmpanBalik360.objects.bulk_create(
        [JawabanUmpanBalik360(permintaan=permintaan, aspek=a, skor=s, komentar=k) for a, (s, k) in bersih.items()],
        update_conflicts=True,
        unique_fields=["permintaan", "aspek"],
        update_fields=["skor", "komentar"],
    )
    pertama = permintaan.status != PermintaanUmpanBalik360.Status.DIJAWAB
    now = timezone.now()
    PermintaanUmpanBalik360.objects.filter(pk=permintaan.pk).update(
        status=PermintaanUmpanBalik360.Status.DIJAWAB, dijawab_pada=now, updated_at=now
    )
    permintaan.status = PermintaanUmpanBalik360.Status.DIJAWAB
    permintaan.dijawab_pada = now
    # no scores and no ratee in the trail: rekan and bawahan answers are anonymous
    audit_record(
        actor=actor,
        subject=permintaan,
        aksi="create" if pertama else "update",
        ringkasan="Jawaban umpan balik 360",
        instansi_id=permintaan.periode.instansi_id,
    )
    return permintaan
