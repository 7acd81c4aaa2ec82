"""Reads of recommendations for the committee (BKD and pimpinan of the instansi): the filtered
list with its counts per kind and status, one recommendation with everything the committee needs
to decide (the pegawai, their box, the steps and the audit trail), and the year the yearly run
starts from."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from common.models import AuditLog
from karier.models import JenisPenghargaan, JenisRekomendasi, PenempatanTalenta, Rekomendasi
from karier.permissions import rekomendasi_visible_q
from pegawai.models import UnitKerja, User
from pegawai.permissions import id_or_404
from penilaian.models import EvaluasiKinerja, JenisPeriode, Periode

FILTER_KEYS = ("jenis", "status", "tahun", "kotak", "unit_kerja", "q")


# the rule behind each kind of recommendation (DOMAIN.md §3 and §6), shown above its components
ATURAN = {
    JenisRekomendasi.KP: _lazy(
        "KP reguler (PP 99/2000): paling singkat 4 tahun dalam pangkat, predikat paling rendah Baik dalam 2 tahun "
        "terakhir, tidak melampaui batas pendidikan tertinggi, tanpa hukuman disiplin sedang atau berat yang "
        "berjalan. Jabatan fungsional: paling singkat 2 tahun dan angka kredit terpenuhi."
    ),
    JenisRekomendasi.PROMOSI: _lazy(
        "Promosi: syarat jabatan (pendidikan, pangkat, masa dalam jabatan di bawahnya, pelatihan kepemimpinan, tanpa "
        "hukuman disiplin berjalan), lalu skor terbuka dari JPM, kotak talenta, riwayat predikat dan keanggotaan KRS."
    ),
    JenisRekomendasi.ROTASI: _lazy(
        "Mutasi dalam instansi: tidak sebelum 2 dan tidak sesudah 5 tahun dalam jabatan yang sama, sesuai kompetensi, "
        "syarat jabatan dan pola karier."
    ),
    JenisRekomendasi.KRS: _lazy(
        "KRS (PP 11/2017 Pasal 199): kompetensi sesuai, kewajiban pengembangan terpenuhi (paling sedikit 20 JP), "
        "predikat paling rendah Baik di setiap 2 tahun terakhir."
    ),
}
ATURAN_SATYALANCANA = _lazy(
    "Satyalancana Karya Satya: 10, 20 atau 30 tahun masa kerja sejak CPNS, tidak pernah dijatuhi hukuman disiplin "
    "sedang atau berat, tidak pernah CLTN."
)
ATURAN_BERPRESTASI = _lazy("Pegawai berprestasi: kotak talenta 9, atau unit layanan dengan mutu IKM A.")


def aturan(obj: Rekomendasi) -> str:
    """The rule behind the recommendation, in words."""
    if obj.jenis == JenisRekomendasi.PENGHARGAAN:
        return str(
            ATURAN_BERPRESTASI if obj.penghargaan == JenisPenghargaan.PEGAWAI_BERPRESTASI else ATURAN_SATYALANCANA
        )
    return str(ATURAN.get(JenisRekomendasi(obj.jenis), ""))


def dasar_tampil(obj: Rekomendasi) -> list[dict[str, Any]]:
    """The components of ``dasar`` for a page: a list value (e.g. two years' predikat) as text."""
    out = []
    for d in obj.dasar or []:
        nilai = d.get("nilai")
        if isinstance(nilai, list):
            nilai = ", ".join(str(v) for v in nilai if v not in (None, "")) or None
        out.append({**d, "nilai": nilai})
    return out


def _kotak_tahun() -> Subquery:
    """The pegawai's box in the recommendation's year."""
    return Subquery(
        PenempatanTalenta.objects.filter(pegawai_id=OuterRef("pegawai_id"), tahun=OuterRef("tahun")).values("kotak")[
            :1
        ],
        output_field=IntegerField(),
    )


def _base(*, user: User, filters: dict[str, Any], tanpa: tuple[str, ...] = ()) -> QuerySet[Rekomendasi]:
    qs = Rekomendasi.objects.filter(rekomendasi_visible_q(user))
    f = {k: v for k, v in filters.items() if k in FILTER_KEYS and k not in tanpa and v not in (None, "")}
    if "jenis" in f:
        qs = qs.filter(jenis=f["jenis"])
    if "status" in f:
        qs = qs.filter(status=f["status"])
    if "tahun" in f:
        qs = qs.filter(tahun=f["tahun"])
    if "kotak" in f:
        qs = qs.filter(
            Exists(
                PenempatanTalenta.objects.filter(
                    pegawai_id=OuterRef("pegawai_id"), tahun=OuterRef("tahun"), kotak=f["kotak"]
                )
            )
        )
    if "unit_kerja" in f:
        unit = f["unit_kerja"]
        path: Any = (
            unit.path if isinstance(unit, UnitKerja) else Subquery(UnitKerja.objects.filter(pk=unit).values("path")[:1])
        )
        qs = qs.filter(pegawai__unit_kerja__path__startswith=path)
    if "q" in f:
        q = str(f["q"]).strip()
        qs = qs.filter(Q(pegawai__nama__icontains=q) | Q(pegawai__nip__startswith=q))
    return qs


def rekomendasi_list_for_user(*, user: User, filters: dict[str, Any] | None = None) -> QuerySet[Rekomendasi]:
    """The recommendations the user may see (their instansi, for BKD and pimpinan; none for anyone
    else), filtered by ``jenis``, ``status``, ``tahun``, ``kotak`` (the pegawai's box in the
    recommendation's year), ``unit_kerja`` (a UnitKerja or its id: the unit and everything under
    it) and ``q`` (name, or the start of the NIP). Each row carries its pegawai, what is proposed
    and ``kotak``; newest year first, then kind, rank and name."""
    return (
        _base(user=user, filters=filters or {})
        .select_related(
            "pegawai",
            "pegawai__unit_kerja",
            "pegawai__jabatan",
            "pegawai__golongan",
            "golongan_baru",
            "jabatan_tujuan",
            "jabatan_tujuan__unit_kerja",
        )
        .annotate(kotak=_kotak_tahun())
        .order_by("-tahun", "jenis", F("peringkat").asc(nulls_last=True), "pegawai__nama", "id")
    )


@dataclass(frozen=True)
class Hitungan:
    """Counts for the tabs: per kind (under the status filter) and per status (under the kind
    filter), both under every other filter."""

    per_jenis: list[tuple[str, str, int]]
    per_status: list[tuple[str, str, int]]
    total: int


def rekomendasi_hitung(*, user: User, filters: dict[str, Any] | None = None) -> Hitungan:
    """Counts per kind and per status in one grouped query."""
    filters = filters or {}
    rows = (
        _base(user=user, filters=filters, tanpa=("jenis", "status"))
        .order_by()
        .values("jenis", "status")
        .annotate(n=Count("id"))
        .values_list("jenis", "status", "n")
    )
    jenis_f, status_f = filters.get("jenis") or None, filters.get("status") or None
    per_jenis: dict[str, int] = {}
    per_status: dict[str, int] = {}
    total = 0
    for jenis, status, n in rows:
        if status_f is None or status == status_f:
            per_jenis[jenis] = per_jenis.get(jenis, 0) + n
        if jenis_f is None or jenis == jenis_f:
            per_status[status] = per_status.get(status, 0) + n
            if status_f is None or status == status_f:
                total += n
    return Hitungan(
        per_jenis=[(v, str(label), per_jenis.get(v, 0)) for v, label in JenisRekomendasi.choices],
        per_status=[(v, str(label), per_status.get(v, 0)) for v, label in Rekomendasi.Status.choices],
        total=total,
    )


def rekomendasi_detail_for_user(*, user: User, rekomendasi_id: Any) -> Rekomendasi | None:
    """One recommendation with its box of the year (``kotak``, ``kotak_sebelumnya``)."""
    return (
        rekomendasi_list_for_user(user=user)
        .select_related("diusulkan_oleh", "ditinjau_oleh", "diputuskan_oleh", "diterapkan_oleh")
        .annotate(
            kotak_sebelumnya=Subquery(
                PenempatanTalenta.objects.filter(pegawai_id=OuterRef("pegawai_id"), tahun=OuterRef("tahun")).values(
                    "kotak_sebelumnya"
                )[:1],
                output_field=IntegerField(),
            )
        )
        .filter(pk=id_or_404(rekomendasi_id))
        .first()
    )


@dataclass(frozen=True)
class Langkah:
    """One step of the committee's process, as shown on the detail page."""

    label: str
    oleh: User | None
    pada: datetime.datetime | None
    catatan: str = ""


def rekomendasi_langkah(obj: Rekomendasi) -> list[Langkah]:
    """The steps taken so far (who and when), from the recommendation's own fields."""
    status = Rekomendasi.Status
    out = [Langkah(_("Diusulkan"), obj.diusulkan_oleh, obj.created_at)]
    if obj.ditinjau_pada:
        out.append(Langkah(_("Ditinjau"), obj.ditinjau_oleh, obj.ditinjau_pada))
    if obj.diputuskan_pada:
        disetujui = obj.status in (status.DISETUJUI, status.DITERAPKAN)
        out.append(
            Langkah(
                _("Disetujui") if disetujui else _("Ditolak"),
                obj.diputuskan_oleh,
                obj.diputuskan_pada,
                obj.alasan_keputusan,
            )
        )
    if obj.diterapkan_pada:
        catatan = _("TMT %(tmt)s") % {"tmt": obj.tmt_penerapan.strftime("%d-%m-%Y") if obj.tmt_penerapan else "-"}
        if obj.nomor_sk:
            catatan += ", " + _("SK %(nomor)s") % {"nomor": obj.nomor_sk}
        out.append(Langkah(_("Diterapkan"), obj.diterapkan_oleh, obj.diterapkan_pada, catatan))
    if obj.status == status.DIBATALKAN:
        out.append(Langkah(_("Dibatalkan (tidak diusulkan lagi oleh perhitungan tahunan)"), None, obj.updated_at))
    return out


def rekomendasi_audit(obj: Rekomendasi, *, limit: int = 50) -> QuerySet[AuditLog]:
    """The audit trail of the recommendation itself, newest first."""
    ct = ContentType.objects.get_for_model(Rekomendasi)
    return AuditLog.objects.filter(content_type=ct, object_id=obj.pk).select_related("actor")[:limit]


def tahun_tahunan_terakhir(*, instansi_id: int | None) -> int:
    """The latest year whose annual evaluation has a predikat in the instansi (what the yearly
    talent and recommendation run starts from); last year when there is none."""
    tahun = (
        Periode.objects.filter(instansi_id=instansi_id or 0, jenis=JenisPeriode.TAHUNAN)
        .filter(Exists(EvaluasiKinerja.objects.filter(periode_id=OuterRef("pk")).exclude(predikat="")))
        .order_by("-tahun")
        .values_list("tahun", flat=True)
        .first()
    )
    return tahun or timezone.localdate().year - 1
