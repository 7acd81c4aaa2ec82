"""Reading 360 feedback: the requests a pegawai has to answer, and the rekap of a ratee.

Anonymity: rekan and bawahan answers are shown only as aggregates (how many answered, the mean
per value, the comments without names, in alphabetical order so that their order says nothing
about who wrote them), and only when at least ``minimal`` (policy ``umpan_balik_360_minimal``)
of that role answered; below it the role shows ``cukup=False`` and no score at all. Atasan and
the ratee's own answers are shown per value with their comments.

The 360 score of a ratee (``skor_360_rata_rata``, and ``Rekap360.rata_rata``) is the mean of the
per-role means over the roles that may be shown; a role's mean is the mean of all its answered
scores (each answer has all seven values, so this is also the mean of its raters' means).
It is computed from the unrounded role means and rounded half up to two decimals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When

from pegawai.models import Pegawai, User
from pegawai.permissions import pegawai_of_user
from pegawai.selectors import kebijakan_get
from penilaian.models import JawabanUmpanBalik360, Periode, PermintaanUmpanBalik360
from penilaian.rules import PERAN_360_ANONIM, PERILAKU_STANDAR, AspekPerilaku, PeranPenilai360, bulatkan
from penilaian.selectors.periode import periode_current

PERAN_URUTAN = (
    PeranPenilai360.ATASAN,
    PeranPenilai360.REKAN,
    PeranPenilai360.BAWAHAN,
    PeranPenilai360.DIRI_SENDIRI,
)


def minimal_360(*, periode: Periode) -> int:
    """The policy minimum of rekan/bawahan answers before their aggregates are shown."""
    return kebijakan_get(instansi=periode.instansi).umpan_balik_360_minimal


def permintaan_360_untuk_saya(user: User) -> QuerySet[PermintaanUmpanBalik360]:
    """The requests addressed to the user, pending first, then the newest period first."""
    me = pegawai_of_user(user)
    if me is None:
        return PermintaanUmpanBalik360.objects.none()
    return (
        PermintaanUmpanBalik360.objects.filter(penilai=me)
        .select_related("periode", "dinilai", "dinilai__jabatan")
        .annotate(
            _menunggu=Case(
                When(status=PermintaanUmpanBalik360.Status.MENUNGGU, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("_menunggu", "-periode__tanggal_mulai", "periode__jenis", "dinilai__nama", "pk")
    )


@dataclass(frozen=True)
class JawabanAspek:
    aspek: str
    label: str
    skor: int | None
    komentar: str


@dataclass(frozen=True)
class JawabanTeridentifikasi:
    """The answers of the atasan or of the ratee themself, per value."""

    nama: str
    dijawab_pada: Any
    aspek: list[JawabanAspek]
    rata_rata: Decimal


@dataclass(frozen=True)
class AgregatAspek:
    aspek: str
    label: str
    rata_rata: Decimal
    komentar: list[str]


@dataclass
class RekapPeran:
    peran: str
    label: str
    anonim: bool
    diminta: int = 0
    dijawab: int = 0
    cukup: bool = False
    # the role's mean (all its scores); None when nothing may be shown
    rata_rata: Decimal | None = None
    # atasan / diri sendiri
    penilai: list[JawabanTeridentifikasi] = field(default_factory=list)
    # rekan / bawahan, only when cukup
    agregat: list[AgregatAspek] = field(default_factory=list)


@dataclass(frozen=True)
class Rekap360:
    dinilai: Pegawai
    periode: Periode
    minimal: int
    peran: list[RekapPeran]
    rata_rata: Decimal | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly (the API): no rater of rekan or bawahan is named."""
        return {
            "dinilai": {"id": self.dinilai.pk, "nama": self.dinilai.nama_lengkap},
            "periode": {"id": self.periode.pk, "nama": self.periode.nama},
            "minimal": self.minimal,
            "rata_rata": _s(self.rata_rata),
            "peran": [
                {
                    "peran": p.peran,
                    "label": str(p.label),
                    "anonim": p.anonim,
                    "diminta": p.diminta,
                    "dijawab": p.dijawab,
                    "cukup": p.cukup,
                    "rata_rata": _s(p.rata_rata),
                    "penilai": [
                        {
                            "nama": j.nama,
                            "rata_rata": _s(j.rata_rata),
                            "aspek": [{"aspek": a.aspek, "skor": a.skor, "komentar": a.komentar} for a in j.aspek],
                        }
                        for j in p.penilai
                    ],
                    "agregat": [
                        {"aspek": a.aspek, "rata_rata": _s(a.rata_rata), "komentar": a.komentar} for a in p.agregat
                    ],
                }
                for p in self.peran
            ],
        }


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _mean(total: int, n: int) -> Decimal:
    return Decimal(total) / Decimal(n)


def _label(peran: str) -> str:
    return str(PeranPenilai360(peran).label)


def rekap_360(*, dinilai: Pegawai, periode: Periode, minimal: int) -> Rekap360:
    """The 360 rekap of a ratee in a period (two queries: the requests, the answers)."""
    permintaan = list(
        PermintaanUmpanBalik360.objects.filter(periode=periode, dinilai=dinilai)
        .select_related("penilai")
        .order_by("peran", "penilai__nama", "pk")
    )
    jawaban: dict[int, dict[str, JawabanUmpanBalik360]] = defaultdict(dict)
    if permintaan:
        for j in JawabanUmpanBalik360.objects.filter(
            permintaan__in=[p.pk for p in permintaan if p.status == PermintaanUmpanBalik360.Status.DIJAWAB]
        ):
            jawaban[j.permintaan_id][j.aspek] = j
    hasil: list[RekapPeran] = []
    rata_peran: list[Decimal] = []
    for peran in PERAN_URUTAN:
        rp = RekapPeran(peran=peran, label=_label(peran), anonim=peran in PERAN_360_ANONIM)
        daftar = [p for p in permintaan if p.peran == peran]
        rp.diminta = len(daftar)
        dijawab = [p for p in daftar if jawaban.get(p.pk)]
        rp.dijawab = len(dijawab)
        skor_semua = [j.skor for p in dijawab for j in jawaban[p.pk].values()]
        if rp.anonim:
            rp.cukup = rp.dijawab >= max(minimal, 1)
            if rp.cukup:
                for aspek in AspekPerilaku:
                    nilai = [jawaban[p.pk][aspek].skor for p in dijawab if aspek in jawaban[p.pk]]
                    komentar = sorted(
                        jawaban[p.pk][aspek].komentar
                        for p in dijawab
                        if aspek in jawaban[p.pk] and jawaban[p.pk][aspek].komentar
                    )
                    if nilai:
                        rp.agregat.append(
                            AgregatAspek(
                                aspek=aspek.value,
                                label=str(aspek.label),
                                rata_rata=bulatkan(_mean(sum(nilai), len(nilai))),
                                komentar=komentar,
                            )
                        )
        else:
            rp.cukup = rp.dijawab > 0
            for p in dijawab:
                per = jawaban[p.pk]
                rp.penilai.append(
                    JawabanTeridentifikasi(
                        nama=p.penilai.nama_lengkap,
                        dijawab_pada=p.dijawab_pada,
                        aspek=[
                            JawabanAspek(
                                aspek=a.value,
                                label=str(a.label),
                                skor=per[a].skor if a in per else None,
                                komentar=per[a].komentar if a in per else "",
                            )
                            for a in AspekPerilaku
                        ],
                        rata_rata=bulatkan(_mean(sum(j.skor for j in per.values()), len(per))),
                    )
                )
        if rp.cukup and skor_semua:
            mean = _mean(sum(skor_semua), len(skor_semua))
            rp.rata_rata = bulatkan(mean)
            rata_peran.append(mean)
        hasil.append(rp)
    rata = bulatkan(sum(rata_peran, Decimal(0)) / len(rata_peran)) if rata_peran else None
    return Rekap360(dinilai=dinilai, periode=periode, minimal=minimal, peran=hasil, rata_rata=rata)


def skor_360_rata_rata(
    *, periode: Periode, pegawai_ids: Iterable[int] | QuerySet[Any] | None = None, minimal: int | None = None
) -> dict[int, Decimal]:
    """The 360 score (1–5 scale, two decimals) of every ratee of the period who has one: one
    aggregate query grouped by ratee and role, then the mean of the shown roles' means in Python.
    ``minimal`` defaults to the instansi's policy; the evaluation cycle passes it."""
    if minimal is None:
        minimal = minimal_360(periode=periode)
    qs = JawabanUmpanBalik360.objects.filter(
        permintaan__periode=periode, permintaan__status=PermintaanUmpanBalik360.Status.DIJAWAB
    )
    if pegawai_ids is not None:
        ids = pegawai_ids if isinstance(pegawai_ids, QuerySet) else list(pegawai_ids)
        qs = qs.filter(permintaan__dinilai_id__in=ids)
    rows = (
        qs.values("permintaan__dinilai_id", "permintaan__peran")
        .annotate(jumlah=Sum("skor"), n=Count("id"), penilai=Count("permintaan_id", distinct=True))
        .order_by()
        .values_list("permintaan__dinilai_id", "permintaan__peran", "jumlah", "n", "penilai")
    )
    per_dinilai: dict[int, list[Decimal]] = defaultdict(list)
    for dinilai_id, peran, jumlah, n, penilai in rows.iterator(chunk_size=10000):
        if peran in PERAN_360_ANONIM and penilai < max(minimal, 1):
            continue
        per_dinilai[dinilai_id].append(_mean(jumlah, n))
    return {pk: bulatkan(sum(means, Decimal(0)) / len(means)) for pk, means in per_dinilai.items()}


def periode_360_pilihan(*, dinilai: Pegawai) -> QuerySet[Periode]:
    """The periods of the ratee's instansi, newest first, for the period selector."""
    return Periode.objects.filter(instansi_id=dinilai.instansi_id).order_by("-tanggal_mulai", "jenis")


def periode_360_bawaan(*, dinilai: Pegawai) -> Periode | None:
    """The period to show by default: the newest with a request for the ratee, else the current
    periodic one, else the newest of the instansi."""
    terakhir = (
        PermintaanUmpanBalik360.objects.filter(dinilai=dinilai)
        .select_related("periode", "periode__instansi")
        .order_by("-periode__tanggal_mulai", "periode__jenis")
        .first()
    )
    if terakhir is not None:
        return terakhir.periode
    sekarang = periode_current(instansi=dinilai.instansi)
    if sekarang is not None:
        return sekarang
    return periode_360_pilihan(dinilai=dinilai).select_related("instansi").first()


def periode_360_get(*, dinilai: Pegawai, periode_id: Any) -> Periode | None:
    """A period of the ratee's instansi by id (None when the id is not one)."""
    try:
        pk = int(periode_id)
    except (TypeError, ValueError):
        return None
    if not 0 < pk < 2**63:
        return None
    return Periode.objects.filter(instansi_id=dinilai.instansi_id, pk=pk).select_related("instansi").first()


def penilai_360_aspek() -> list[tuple[str, str, str]]:
    """(value, label, standard expectation) of the seven BerAKHLAK values, for the answer form."""
    return [(a.value, str(a.label), str(PERILAKU_STANDAR[a])) for a in AspekPerilaku]


def jumlah_menunggu(user: User) -> int:
    return permintaan_360_untuk_saya(user).filter(Q(status=PermintaanUmpanBalik360.Status.MENUNGGU)).count()
