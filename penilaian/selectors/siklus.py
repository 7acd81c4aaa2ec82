"""Reading the evaluation cycle: the periods page, a cycle's progress, and who is late.

"Late" in a period, for the BKD officer and for the reminders the cycle sends:
- a pegawai without an approved SKP for the year of the period;
- a pegawai with an approved SKP and an indikator without realisasi in the period;
- a pejabat penilai with subordinates not yet rated in the period.
Each is one query over the period's evaluation rows (the snapshot), never a loop over pegawai.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from pegawai.models import User
from pegawai.permissions import can_read_instansi, id_or_404, instansi_q
from penilaian.models import SKP, EvaluasiKinerja, IndikatorKinerja, Periode, Realisasi, SiklusEvaluasi


def periode_get_for_reader(*, user: User, periode_id: Any) -> Periode:
    """A period of the user's instansi for a BKD officer or the pimpinan; 404 for anyone else."""
    if not can_read_instansi(user):
        raise Http404
    obj = Periode.objects.filter(instansi_q(user), pk=id_or_404(periode_id)).select_related("instansi").first()
    if obj is None:
        raise Http404
    return obj


def siklus_list_for_user(*, user: User) -> QuerySet[SiklusEvaluasi]:
    """The cycles of the user's instansi (BKD officers and pimpinan), newest period first."""
    if not can_read_instansi(user):
        return SiklusEvaluasi.objects.none()
    return (
        SiklusEvaluasi.objects.filter(instansi_q(user, "periode__instansi_id"))
        .select_related("periode")
        .order_by("-periode__tahun", "-periode__tanggal_mulai", "periode__jenis", "id")
    )


def siklus_get_for_user(*, user: User, siklus_id: Any) -> SiklusEvaluasi:
    """A cycle of the user's instansi, or 404 (also for anyone but BKD officers and pimpinan)."""
    obj = siklus_list_for_user(user=user).filter(pk=id_or_404(siklus_id)).select_related("dimulai_oleh").first()
    if obj is None:
        raise Http404
    return obj


def periode_list_with_siklus(*, user: User, tahun: int | None = None) -> QuerySet[Periode]:
    """The periods of the user's instansi (optionally of one year), each with its cycle."""
    if not can_read_instansi(user):
        return Periode.objects.none()
    qs = Periode.objects.filter(instansi_q(user)).select_related("siklus")
    if tahun is not None:
        qs = qs.filter(tahun=tahun)
    return qs.order_by("-tahun", "tanggal_mulai", "jenis", "nomor")


def periode_tahun_list(*, user: User) -> list[int]:
    """The years that have periods, newest first."""
    if not can_read_instansi(user):
        return []
    return list(Periode.objects.filter(instansi_q(user)).values_list("tahun", flat=True).distinct().order_by("-tahun"))


# ---------------------------------------------------------------------------------------------
# Who is late


def skp_disetujui_q() -> Q:
    return Q(skp__status=SKP.Status.DISETUJUI)


def realisasi_kurang_exists(periode: Periode) -> Exists:
    """True for an evaluation row whose SKP has an indikator with no realisasi in the period (no
    row, or a row with neither a value nor a qualitative answer)."""
    terisi = Realisasi.objects.filter(indikator_id=OuterRef("pk"), periode_id=periode.pk).filter(
        Q(nilai__isnull=False) | ~Q(nilai_kualitatif="")
    )
    return Exists(IndikatorKinerja.objects.filter(rhk__skp_id=OuterRef("skp_id")).filter(~Exists(terisi)))


def evaluasi_tanpa_skp(periode: Periode) -> QuerySet[EvaluasiKinerja]:
    """Rows of pegawai without an approved SKP for the period's year."""
    return EvaluasiKinerja.objects.filter(periode=periode).exclude(skp_disetujui_q())


def evaluasi_tanpa_realisasi(periode: Periode) -> QuerySet[EvaluasiKinerja]:
    """Rows of pegawai with an approved SKP and an indikator without realisasi in the period."""
    return EvaluasiKinerja.objects.filter(skp_disetujui_q(), realisasi_kurang_exists(periode), periode=periode)


def evaluasi_belum_dinilai(periode: Periode) -> QuerySet[EvaluasiKinerja]:
    return EvaluasiKinerja.objects.filter(periode=periode, rating_hasil_kerja="")


def penilai_terlambat(periode: Periode) -> QuerySet[Any]:
    """Pejabat penilai with subordinates not yet rated: one row per penilai with the count."""
    return (
        evaluasi_belum_dinilai(periode)
        .filter(pejabat_penilai__isnull=False)
        .values(
            "pejabat_penilai_id",
            "pejabat_penilai__nama",
            "pejabat_penilai__nip",
            "pejabat_penilai__user_id",
            "pejabat_penilai__email",
        )
        .annotate(jumlah=Count("id"))
        .order_by("pejabat_penilai__nama", "pejabat_penilai_id")
    )


def keterlambatan_per_unit(periode: Periode) -> list[dict[str, Any]]:
    """One aggregate query: per unit (as snapshotted), the pegawai, and how many have no approved
    SKP, lack realisasi, and are not yet rated."""
    disetujui = skp_disetujui_q()
    rows: Any = (
        EvaluasiKinerja.objects.filter(periode=periode)
        .values("unit_kerja_id", "nama_unit")
        .annotate(
            jumlah=Count("id"),
            tanpa_skp=Count("id", filter=~disetujui),
            tanpa_realisasi=Count("id", filter=disetujui & Q(realisasi_kurang_exists(periode))),
            belum_dinilai=Count("id", filter=Q(rating_hasil_kerja="")),
        )
        .order_by("nama_unit", "unit_kerja_id")
    )
    return [dict(r) for r in rows]


JENIS_KETERLAMBATAN = ("skp", "realisasi", "penilai")


def keterlambatan_list(*, periode: Periode, jenis: str) -> QuerySet[Any]:
    """The paginated list of one kind of lateness: pegawai rows for "skp" and "realisasi",
    penilai rows (with their count of unrated subordinates) for "penilai"."""
    if jenis == "penilai":
        return penilai_terlambat(periode)
    qs = evaluasi_tanpa_realisasi(periode) if jenis == "realisasi" else evaluasi_tanpa_skp(periode)
    return qs.values(
        "pegawai_id", "pegawai__nama", "pegawai__nip", "nama_unit", "nama_jabatan", "skp__status"
    ).order_by("nama_unit", "pegawai__nama", "pegawai_id")


def siklus_persen(siklus: SiklusEvaluasi) -> int:
    """Overall progress in %: each step an equal share, the ``nilai`` step by pegawai processed."""
    from penilaian.services.siklus import LANGKAH

    if siklus.status == SiklusEvaluasi.Status.SELESAI:
        return 100
    langkah = siklus.langkah if siklus.langkah in LANGKAH else LANGKAH[0]
    idx = LANGKAH.index(langkah)
    frac = 0.0
    if langkah == "nilai" and siklus.total:
        frac = min(siklus.diproses / siklus.total, 1.0)
    return int(100 * (idx + frac) / (len(LANGKAH) - 1))
