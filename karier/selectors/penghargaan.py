"""Award eligibility (DOMAIN.md §6): Satyalancana Karya Satya and pegawai berprestasi.

Satyalancana Karya Satya: 10, 20 and 30 years of service counted from TMT CPNS
(``karier.rules.satyalancana``), never a hukdis sedang or berat (a finished one counts), never
CLTN (a recorded period or the current status), and not yet holding that award. Those who reach a
length but are ruled out are listed with the reason.

Pegawai berprestasi of a year: every pegawai in box 9 of the latest placement year
(``KOTAK_PENGHARGAAN``), and, for each unit layanan whose IKM mutu of the year is one the policy
names (``penghargaan_mutu_ikm``), the unit's best-rated pegawai (highest annual predikat, then
the highest nilai akhir). Each row says why."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from common.policies import Kebijakan
from karier.models import JenisPenghargaan, PenempatanTalenta, RiwayatPenghargaan
from karier.rules import KOTAK_PENGHARGAAN, SATYALANCANA_TAHUN, satyalancana
from pegawai.models import HukumanDisiplin, Instansi, Pegawai, RiwayatCLTN
from pegawai.rules import masa_kerja
from penilaian.models import EvaluasiKinerja, HasilIKM, JenisPeriode
from penilaian.rules import Predikat

JENIS_SATYALANCANA = {
    10: JenisPenghargaan.SATYALANCANA_10,
    20: JenisPenghargaan.SATYALANCANA_20,
    30: JenisPenghargaan.SATYALANCANA_30,
}
# best first: the order that ranks a unit's pegawai
URUTAN_PREDIKAT = {p: i for i, p in enumerate(Predikat.values)}


@dataclass
class BarisSatyalancana:
    pegawai: Pegawai
    tahun_masa: int  # 10, 20 or 30
    masa_teks: str
    alasan: list[str] = field(default_factory=list)  # why ruled out; empty when eligible

    @property
    def jenis(self) -> str:
        return JENIS_SATYALANCANA[self.tahun_masa]

    @property
    def layak(self) -> bool:
        return not self.alasan


@dataclass
class BarisBerprestasi:
    pegawai: Pegawai
    tahun: int
    alasan: list[str] = field(default_factory=list)  # why proposed (box 9, best of a unit)


def satyalancana_daftar(
    *, instansi: Instansi, pada: datetime.date, filters: dict[str, Any] | None = None
) -> list[BarisSatyalancana]:
    """PNS (active or on CLTN) who have reached 10, 20 or 30 years of service on ``pada``, at the
    highest length reached, eligible or with the reasons they are not. Filters: ``jenis`` (a
    Satyalancana code), ``layak`` (True: only the eligible), ``unit_kerja_id``. Four queries."""
    f = filters or {}
    batas = datetime.date(pada.year - SATYALANCANA_TAHUN[0], 12, 31)
    qs = Pegawai.objects.filter(
        instansi=instansi,
        jenis_asn="PNS",
        status__in=(Pegawai.Status.AKTIF, Pegawai.Status.CLTN),
        tmt_cpns__lte=batas,
    )
    if f.get("unit_kerja_id"):
        qs = qs.filter(unit_kerja_id=f["unit_kerja_id"])
    pool = list(qs.select_related("jabatan", "golongan", "unit_kerja").order_by("tmt_cpns", "nama", "id"))
    pool_sub = qs.values("pk")
    hukdis: dict[int, list[str]] = {}
    label_tingkat = dict(HukumanDisiplin.Tingkat.choices)
    for pid, tingkat, mulai in (
        HukumanDisiplin.objects.filter(
            pegawai_id__in=pool_sub,
            tingkat__in=(HukumanDisiplin.Tingkat.SEDANG, HukumanDisiplin.Tingkat.BERAT),
            tmt_mulai__lte=pada,
        )
        .order_by("pegawai_id", "tmt_mulai")
        .values_list("pegawai_id", "tingkat", "tmt_mulai")
    ):
        hukdis.setdefault(pid, []).append(
            _("pernah hukuman disiplin %(tingkat)s (mulai %(tanggal)s)")
            % {"tingkat": str(label_tingkat[tingkat]).lower(), "tanggal": mulai.strftime("%d-%m-%Y")}
        )
    cltn: dict[int, datetime.date] = {}
    for pid, mulai in (
        RiwayatCLTN.objects.filter(pegawai_id__in=pool_sub, tmt_mulai__lte=pada)
        .order_by("pegawai_id", "tmt_mulai")
        .values_list("pegawai_id", "tmt_mulai")
    ):
        cltn.setdefault(pid, mulai)
    sudah = set(
        RiwayatPenghargaan.objects.filter(pegawai_id__in=pool_sub, jenis__startswith="satyalancana").values_list(
            "pegawai_id", "jenis"
        )
    )
    label_jenis = dict(JenisPenghargaan.choices)
    out = []
    for p in pool:
        n = satyalancana(tmt_cpns=p.tmt_cpns, pada=pada, pernah_hukdis_sedang_berat=False, pernah_cltn=False)
        if n is None:
            continue
        baris = BarisSatyalancana(pegawai=p, tahun_masa=n, masa_teks=str(masa_kerja(p.tmt_cpns, pada)))
        baris.alasan += hukdis.get(p.pk, [])
        if p.pk in cltn:
            baris.alasan.append(
                _("pernah cuti di luar tanggungan negara (mulai %(tanggal)s)")
                % {"tanggal": cltn[p.pk].strftime("%d-%m-%Y")}
            )
        elif p.status == Pegawai.Status.CLTN:
            baris.alasan.append(_("sedang cuti di luar tanggungan negara"))
        if (p.pk, baris.jenis) in sudah:
            baris.alasan.append(_("sudah menerima %(penghargaan)s") % {"penghargaan": label_jenis[baris.jenis]})
        if f.get("jenis") and baris.jenis != f["jenis"]:
            continue
        if f.get("layak") and not baris.layak:
            continue
        out.append(baris)
    return out


def tahun_penempatan_terakhir(*, instansi: Instansi, sampai: int | None = None) -> int | None:
    """The latest year with 9-box placements (up to ``sampai``)."""
    qs = PenempatanTalenta.objects.filter(instansi=instansi)
    if sampai is not None:
        qs = qs.filter(tahun__lte=sampai)
    return qs.order_by("-tahun").values_list("tahun", flat=True).first()


def _ikm_tahun(*, instansi: Instansi, tahun: int) -> dict[int, HasilIKM]:
    """unit id → its IKM of the year: the annual period's when there is one, else the latest
    published period of the year."""
    out: dict[int, HasilIKM] = {}
    rows = (
        HasilIKM.objects.filter(
            periode__instansi=instansi, periode__tahun=tahun, dipublikasikan=True, unit_kerja__is_unit_layanan=True
        )
        .select_related("unit_kerja", "periode")
        .order_by("unit_kerja_id", "periode__tanggal_selesai", "periode__jenis")
    )
    for h in rows:
        lama = out.get(h.unit_kerja_id)
        if lama is not None and lama.periode.jenis == JenisPeriode.TAHUNAN:
            continue
        out[h.unit_kerja_id] = h  # later rows win, unless an annual one is already in
    return out


def berprestasi_daftar(
    *, instansi: Instansi, tahun: int, kebijakan: Kebijakan, filters: dict[str, Any] | None = None
) -> list[BarisBerprestasi]:
    """Pegawai berprestasi of ``tahun``: box 9 of that placement year, and the best-rated active
    pegawai of each unit layanan whose IKM mutu of the year is in the policy. One row per pegawai
    with every reason. Filters: ``unit_kerja_id``. Constant number of queries."""
    f = filters or {}
    baris: dict[int, BarisBerprestasi] = {}
    urutan: list[int] = []

    def tambah(p: Pegawai, alasan: str) -> None:
        if p.pk not in baris:
            baris[p.pk] = BarisBerprestasi(pegawai=p, tahun=tahun)
            urutan.append(p.pk)
        baris[p.pk].alasan.append(alasan)

    kotak_qs = PenempatanTalenta.objects.filter(
        instansi=instansi, tahun=tahun, kotak__in=KOTAK_PENGHARGAAN, pegawai__status=Pegawai.Status.AKTIF
    ).select_related("pegawai", "pegawai__jabatan", "pegawai__golongan", "pegawai__unit_kerja")
    for pt in kotak_qs.order_by("pegawai__nama", "pegawai_id"):
        tambah(pt.pegawai, _("kotak %(kotak)d talenta tahun %(tahun)d") % {"kotak": pt.kotak, "tahun": tahun})
    ikm = {
        u: h for u, h in _ikm_tahun(instansi=instansi, tahun=tahun).items() if h.mutu in kebijakan.penghargaan_mutu_ikm
    }
    if ikm:
        evaluasi = (
            EvaluasiKinerja.objects.filter(
                periode__instansi=instansi,
                periode__tahun=tahun,
                periode__jenis=JenisPeriode.TAHUNAN,
                pegawai__unit_kerja_id__in=list(ikm),
                pegawai__status=Pegawai.Status.AKTIF,
            )
            .exclude(predikat="")
            .select_related("pegawai", "pegawai__jabatan", "pegawai__golongan", "pegawai__unit_kerja")
        )
        terbaik: dict[int, EvaluasiKinerja] = {}

        def kunci(e: EvaluasiKinerja) -> tuple[int, Any, int]:
            return (URUTAN_PREDIKAT.get(e.predikat, 99), -(e.nilai_akhir or 0), e.pegawai_id)

        for e in evaluasi:
            u = e.pegawai.unit_kerja_id
            if u not in terbaik or kunci(e) < kunci(terbaik[u]):
                terbaik[u] = e
        label = dict(Predikat.choices)
        for u, e in sorted(terbaik.items(), key=lambda x: x[1].pegawai.nama):
            h = ikm[u]
            tambah(
                e.pegawai,
                _(
                    "penilaian terbaik di %(unit)s (predikat %(predikat)s, nilai %(nilai)s), unit layanan dengan "
                    "IKM %(ikm)s mutu %(mutu)s"
                )
                % {
                    "unit": h.unit_kerja.nama,
                    "predikat": label.get(e.predikat, e.predikat),
                    "nilai": e.nilai_akhir if e.nilai_akhir is not None else "-",
                    "ikm": h.ikm,
                    "mutu": h.mutu,
                },
            )
    out = [baris[p] for p in urutan]
    if f.get("unit_kerja_id"):
        out = [b for b in out if b.pegawai.unit_kerja_id == f["unit_kerja_id"]]
    return out
