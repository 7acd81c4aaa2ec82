"""Reads of the allocation runs, scoped to the acting user: BKD and pimpinan read the runs of
their instansi; a pegawai reads their own rows of approved runs, an atasan those of their direct
subordinates."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils.formats import number_format
from django.utils.translation import gettext

from common.policies import DIMENSI_KEADILAN_LABEL
from pegawai.models import JenisKelamin, User
from pegawai.permissions import can_read_instansi, id_or_404, instansi_q, pegawai_of_user
from pelatihan.models import Alokasi, AlokasiPeserta
from pelatihan.rules import AlasanAlokasi, KelompokUsia


def alokasi_list(*, user: User) -> QuerySet[Alokasi]:
    """The runs of the user's instansi (readers only; nobody else has a list)."""
    if not can_read_instansi(user):
        return Alokasi.objects.none()
    return (
        Alokasi.objects.filter(instansi_q(user))
        .select_related("dimulai_oleh", "disetujui_oleh")
        .annotate(jumlah_terpilih=Count("peserta", filter=Q(peserta__terpilih=True)))
        .order_by("-tahun", "-created_at", "-pk")
    )


def alokasi_get_for_user(*, user: User, alokasi_id: Any) -> Alokasi:
    """A run the user may read, or 404."""
    obj = alokasi_list(user=user).filter(pk=id_or_404(alokasi_id)).first()
    if obj is None:
        raise Http404
    return obj


def peserta_list(
    *, alokasi: Alokasi, terpilih: bool | None = None, program_id: int | None = None
) -> QuerySet[AlokasiPeserta]:
    qs = AlokasiPeserta.objects.filter(alokasi=alokasi).select_related(
        "pegawai__unit_kerja", "program", "kebutuhan__kompetensi"
    )
    if terpilih is not None:
        qs = qs.filter(terpilih=terpilih)
    if program_id is not None:
        qs = qs.filter(program_id=program_id)
    return qs.order_by("program__nama", "-manfaat", "pegawai__nama", "pk")


def peserta_get_for_user(*, user: User, peserta_id: Any) -> AlokasiPeserta:
    """A row of a run the user may read, or 404."""
    obj = (
        AlokasiPeserta.objects.filter(alokasi__in=alokasi_list(user=user), pk=id_or_404(peserta_id))
        .select_related("alokasi", "program", "pegawai", "kebutuhan")
        .first()
    )
    if obj is None:
        raise Http404
    return obj


def ringkasan(*, alokasi: Alokasi) -> dict[str, Any]:
    """Live totals of a run (they change with BKD adjustments): chosen rows, budget used and left,
    and seats per programme."""
    terpilih = AlokasiPeserta.objects.filter(alokasi=alokasi, terpilih=True)
    total = terpilih.aggregate(n=Count("pk"), biaya=Sum("biaya"))
    per_program = dict(terpilih.values("program_id").annotate(n=Count("pk")).values_list("program_id", "n"))
    biaya = total["biaya"] or Decimal(0)
    kursi = [{**k, "terpilih": per_program.get(k["program"], 0)} for k in alokasi.hasil.get("kursi", [])]
    return {
        "terpilih": total["n"],
        "biaya_terpakai": biaya,
        "sisa_anggaran": alokasi.anggaran - biaya,
        "kursi": kursi,
        "kelompok": [
            {
                **g,
                "dimensi_label": DIMENSI_KEADILAN_LABEL.get(g["dimensi"], g["dimensi"]),
                "nama_label": _nama_kelompok(g),
            }
            for g in alokasi.hasil.get("kelompok", [])
        ],
        "alasan": alokasi.hasil.get("alasan", {}),
    }


def _disetujui() -> QuerySet[AlokasiPeserta]:
    return AlokasiPeserta.objects.filter(alokasi__status=Alokasi.Status.DISETUJUI).select_related(
        "alokasi", "program", "pegawai__unit_kerja", "kebutuhan__kompetensi"
    )


def peserta_saya(*, user: User) -> QuerySet[AlokasiPeserta]:
    """The user's own rows of approved runs."""
    me = pegawai_of_user(user)
    if me is None:
        return AlokasiPeserta.objects.none()
    return _disetujui().filter(pegawai=me).order_by("-alokasi__tahun", "-alokasi_id", "-terpilih", "pk")


def peserta_tim(*, user: User) -> QuerySet[AlokasiPeserta]:
    """The rows of approved runs of the user's direct subordinates."""
    me = pegawai_of_user(user)
    if me is None:
        return AlokasiPeserta.objects.none()
    return _disetujui().filter(pegawai__atasan=me).order_by("-alokasi__tahun", "pegawai__nama", "-terpilih", "pk")


def alasan_teks(peserta: AlokasiPeserta) -> str:
    """Why a row was (not) chosen, for people: the reason's label and the numbers behind it."""
    d = peserta.alasan_data or {}
    teks = str(AlasanAlokasi(peserta.alasan).label) if peserta.alasan in AlasanAlokasi.values else peserta.alasan
    program = d.get("program_nama") or ""
    if peserta.alasan == AlasanAlokasi.TERPILIH:
        rinci = gettext("%(program)s, manfaat %(manfaat)s, biaya Rp %(biaya)s") % {
            "program": program,
            "manfaat": number_format(peserta.manfaat, 2, force_grouping=True),
            "biaya": number_format(peserta.biaya, 0, force_grouping=True),
        }
    elif peserta.alasan == AlasanAlokasi.KURSI:
        rinci = gettext(
            "%(program)s: %(kursi)s kursi, manfaat terendah yang terpilih %(terendah)s, manfaat Anda %(manfaat)s"
        ) % {
            "program": program,
            "kursi": d.get("kursi", ""),
            "terendah": d.get("manfaat_terendah_terpilih", ""),
            "manfaat": number_format(peserta.manfaat, 2, force_grouping=True),
        }
    elif peserta.alasan == AlasanAlokasi.ANGGARAN:
        rinci = gettext("%(program)s: manfaat %(nilai)s per Rp 1 juta, batas yang terpilih %(batas)s per Rp 1 juta") % {
            "program": program,
            "nilai": d.get("manfaat_per_juta", ""),
            "batas": d.get("batas_per_juta", ""),
        }
    elif peserta.alasan == AlasanAlokasi.BATAS_PEGAWAI:
        rinci = gettext("maksimal %(maks)s program per pegawai") % {"maks": d.get("maks", "")}
    elif peserta.alasan == AlasanAlokasi.TIDAK_MEMENUHI_SYARAT:
        rinci = ", ".join(d.get("program_nama", []))
    else:
        rinci = peserta.catatan_penyesuaian
    return f"{teks} ({rinci})" if rinci else teks


def _nama_kelompok(g: dict[str, Any]) -> str:
    """A group's name in the user's language (gender codes and age bands have labels)."""
    if g["dimensi"] == "jenis_kelamin":
        return str(dict(JenisKelamin.choices).get(g["nama"], g["nama"]))
    if g["dimensi"] == "kelompok_usia":
        return str(dict(KelompokUsia.choices).get(g["nama"], g["nama"]))
    return str(g["nama"])
