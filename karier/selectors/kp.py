"""Reads of kenaikan pangkat (KP): the KP dates of the policy, one pegawai's eligibility on a KP
date, and the list of every active PNS of an instansi with what is still missing.

The rules are ``karier.rules.kp_reguler`` and ``karier.rules.kp_fungsional``; this module only
gathers their inputs from the database, set-based. The angka kredit of a jabatan fungsional is
the sum over the annual predikat of the years since the TMT golongan of
``penilaian.rules.angka_kredit(predikat=, jenjang=)``: the year of the TMT counts for its months
from the TMT month on, every later year counts whole, up to the year before the KP date (the
last year with an annual predikat); a year without an annual predikat adds nothing.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from common.policies import Kebijakan
from karier.rules import (
    HasilKP,
    Kekurangan,
    SyaratKP,
    angka_kredit_dibutuhkan,
    golongan_berikut,
    kp_fungsional,
    kp_reguler,
    tanggal_kp_berikut,
)
from pegawai.models import Golongan, HukumanDisiplin, Instansi, JenisASN, Pegawai, UnitKerja
from penilaian.models import EvaluasiKinerja, JenisPeriode
from penilaian.rules import angka_kredit

HUKDIS_MEMBLOKIR = (HukumanDisiplin.Tingkat.SEDANG, HukumanDisiplin.Tingkat.BERAT)
SYARAT_JENIS_ASN = "jenis_asn"


class StatusKP:
    MEMENUHI = "memenuhi"
    BELUM = "belum"


def tanggal_kp_pilihan(*, pada: datetime.date, kebijakan: Kebijakan, n: int = 12) -> list[datetime.date]:
    """The next ``n`` KP dates of the policy's months (``bulan_periode_kp``), the first on or
    after ``pada``."""
    out: list[datetime.date] = []
    d = pada
    while len(out) < n:
        t = tanggal_kp_berikut(d, kebijakan.bulan_periode_kp)
        out.append(t)
        d = t + datetime.timedelta(days=1)
    return out


def is_fungsional(jenis_jabatan: str | None) -> bool:
    return bool(jenis_jabatan) and str(jenis_jabatan).startswith("fungsional")


def angka_kredit_sejak(
    *, predikat_per_tahun: Mapping[int, str], jenjang: str, tmt_golongan: datetime.date, tanggal_kp: datetime.date
) -> Decimal:
    """Σ angka kredit of the annual predikat from the year of ``tmt_golongan`` to the year before
    ``tanggal_kp`` (the TMT year for its months from the TMT month on)."""
    total = Decimal(0)
    for tahun in range(tmt_golongan.year, tanggal_kp.year):
        predikat = predikat_per_tahun.get(tahun)
        if not predikat:
            continue
        bulan = 13 - tmt_golongan.month if tahun == tmt_golongan.year else 12
        total += angka_kredit(predikat=predikat, jenjang=jenjang, bulan=bulan)
    return total


def _tanpa_kp_pppk() -> HasilKP:
    return HasilKP(None, (Kekurangan(SYARAT_JENIS_ASN, _("PPPK tidak mengikuti kenaikan pangkat")),))


@dataclass(frozen=True)
class _DataKP:
    jenis_asn: str
    golongan: str
    tmt_golongan: datetime.date
    pendidikan: str
    jenis_jabatan: str
    jenjang: str


def _hitung(
    d: _DataKP,
    *,
    tanggal_kp: datetime.date,
    predikat_per_tahun: Mapping[int, str],
    hukdis_berjalan: bool,
    kebijakan: Kebijakan,
) -> tuple[HasilKP, Decimal | None, Decimal | None]:
    """The rule's result, with the angka kredit and what the KP needs (fungsional only)."""
    if d.jenis_asn != JenisASN.PNS:
        return _tanpa_kp_pppk(), None, None
    dua_tahun = [predikat_per_tahun.get(tanggal_kp.year - 1), predikat_per_tahun.get(tanggal_kp.year - 2)]
    if is_fungsional(d.jenis_jabatan) and d.jenjang:
        perlu = angka_kredit_dibutuhkan(d.jenjang, d.golongan)
        ak = angka_kredit_sejak(
            predikat_per_tahun=predikat_per_tahun, jenjang=d.jenjang, tmt_golongan=d.tmt_golongan, tanggal_kp=tanggal_kp
        )
        if perlu is None and golongan_berikut(d.golongan) is not None:
            # the top golongan of the jenjang's range: a KP needs the next jenjang first
            return (
                HasilKP(
                    golongan_berikut(d.golongan),
                    (
                        Kekurangan(
                            SyaratKP.ANGKA_KREDIT,
                            _("golongan %(golongan)s adalah golongan tertinggi jenjang ini; perlu naik jenjang")
                            % {"golongan": d.golongan},
                        ),
                    ),
                ),
                ak,
                None,
            )
        hasil = kp_fungsional(
            golongan=d.golongan,
            tmt_golongan=d.tmt_golongan,
            tanggal_kp=tanggal_kp,
            angka_kredit=ak,
            angka_kredit_dibutuhkan=perlu or Decimal(0),
            predikat_dua_tahun=dua_tahun,
            hukdis_berjalan=hukdis_berjalan,
            hukdis_memblokir=kebijakan.hukdis_memblokir_karier,
        )
        return hasil, ak, perlu
    hasil = kp_reguler(
        golongan=d.golongan,
        tmt_golongan=d.tmt_golongan,
        tanggal_kp=tanggal_kp,
        pendidikan=d.pendidikan,
        predikat_dua_tahun=dua_tahun,
        hukdis_berjalan=hukdis_berjalan,
        hukdis_memblokir=kebijakan.hukdis_memblokir_karier,
    )
    return hasil, None, None


def _hukdis_q(tanggal_kp: datetime.date) -> Q:
    return Q(tingkat__in=HUKDIS_MEMBLOKIR, tmt_mulai__lte=tanggal_kp) & (
        Q(tmt_selesai__isnull=True) | Q(tmt_selesai__gte=tanggal_kp)
    )


def _tahun_awal(tmt_golongan: datetime.date, tanggal_kp: datetime.date, fungsional: bool) -> int:
    return min(tmt_golongan.year, tanggal_kp.year - 2) if fungsional else tanggal_kp.year - 2


def kp_pegawai(*, pegawai: Pegawai, tanggal_kp: datetime.date, kebijakan: Kebijakan) -> HasilKP:
    """One pegawai's KP on ``tanggal_kp``: the new golongan and what is still missing
    (at most 4 queries: golongan, jabatan, annual predikat, running hukdis)."""
    if pegawai.jenis_asn != JenisASN.PNS:
        return _tanpa_kp_pppk()
    jabatan = pegawai.jabatan
    jenis_jabatan = jabatan.jenis if jabatan is not None else ""
    jenjang = jabatan.jenjang if jabatan is not None else ""
    fungsional = is_fungsional(jenis_jabatan) and bool(jenjang)
    awal = _tahun_awal(pegawai.tmt_golongan, tanggal_kp, fungsional)
    predikat = dict(
        EvaluasiKinerja.objects.filter(
            pegawai=pegawai,
            periode__jenis=JenisPeriode.TAHUNAN,
            periode__tahun__gte=awal,
            periode__tahun__lt=tanggal_kp.year,
        )
        .exclude(predikat="")
        .values_list("periode__tahun", "predikat")
    )
    hukdis = HukumanDisiplin.objects.filter(_hukdis_q(tanggal_kp), pegawai=pegawai).exists()
    data = _DataKP(
        jenis_asn=pegawai.jenis_asn,
        golongan=pegawai.golongan.kode,
        tmt_golongan=pegawai.tmt_golongan,
        pendidikan=pegawai.pendidikan_terakhir,
        jenis_jabatan=jenis_jabatan,
        jenjang=jenjang,
    )
    hasil, _ak, _perlu = _hitung(
        data, tanggal_kp=tanggal_kp, predikat_per_tahun=predikat, hukdis_berjalan=hukdis, kebijakan=kebijakan
    )
    return hasil


@dataclass(frozen=True)
class BarisKP:
    """One active PNS on a KP date: the rule's result with the components shown on the page."""

    pegawai_id: int
    nip: str
    nama: str
    unit_kerja_id: int | None
    unit_kerja: str
    jabatan: str
    jenis_kp: str  # "reguler" | "fungsional"
    golongan: str
    tmt_golongan: datetime.date
    pendidikan: str
    golongan_baru: str | None
    golongan_baru_id: int | None
    predikat_dua_tahun: tuple[str | None, str | None]
    hukdis_berjalan: bool
    angka_kredit: Decimal | None
    angka_kredit_dibutuhkan: Decimal | None
    kekurangan: tuple[Kekurangan, ...] = field(default_factory=tuple)

    @property
    def memenuhi(self) -> bool:
        return not self.kekurangan and self.golongan_baru_id is not None

    @property
    def kekurangan_teks(self) -> str:
        return "; ".join(k.pesan for k in self.kekurangan)

    def dasar(self, tanggal_kp: datetime.date) -> list[dict[str, Any]]:
        """The rule and its components, as a recommendation stores them."""
        out: list[dict[str, Any]] = [
            {
                "kode": "aturan",
                "label": _("Aturan"),
                "nilai": self.jenis_kp,
                "teks": _("KP jabatan fungsional: 2 tahun dan angka kredit")
                if self.jenis_kp == "fungsional"
                else _("KP reguler: 4 tahun dalam pangkat, predikat Baik 2 tahun, plafon pendidikan"),
            },
            {
                "kode": "golongan",
                "label": _("Golongan"),
                "nilai": self.golongan,
                "teks": _("%(lama)s sejak %(tmt)s → %(baru)s pada %(kp)s")
                % {
                    "lama": self.golongan,
                    "tmt": self.tmt_golongan.isoformat(),
                    "baru": self.golongan_baru or "-",
                    "kp": tanggal_kp.isoformat(),
                },
            },
            {
                "kode": "predikat",
                "label": _("Predikat 2 tahun terakhir"),
                "nilai": [p or "" for p in self.predikat_dua_tahun],
                "teks": ", ".join(p or "-" for p in self.predikat_dua_tahun),
            },
        ]
        if self.angka_kredit is not None:
            out.append(
                {
                    "kode": "angka_kredit",
                    "label": _("Angka kredit"),
                    "nilai": str(self.angka_kredit),
                    "teks": _("%(ada)s dari %(perlu)s")
                    % {"ada": self.angka_kredit, "perlu": self.angka_kredit_dibutuhkan or "-"},
                }
            )
        return out


def _pegawai_kp_qs(*, instansi: Instansi, filters: Mapping[str, Any] | None) -> QuerySet[Pegawai]:
    f = filters or {}
    qs = Pegawai.objects.filter(instansi=instansi, status=Pegawai.Status.AKTIF, jenis_asn=JenisASN.PNS)
    unit = f.get("unit_kerja")
    if unit:
        if isinstance(unit, UnitKerja):
            qs = qs.filter(unit_kerja__path__startswith=unit.path) if unit.path else qs.filter(unit_kerja=unit)
        else:
            qs = qs.filter(unit_kerja_id=unit)
    golongan = f.get("golongan")
    if golongan:
        qs = qs.filter(golongan=golongan)
    q = (f.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(nama__icontains=q) | Q(nip__startswith=q))
    return qs


def kp_daftar(
    *, instansi: Instansi, tanggal_kp: datetime.date, kebijakan: Kebijakan, filters: Mapping[str, Any] | None = None
) -> list[BarisKP]:
    """Every active PNS of ``instansi`` (filters: ``unit_kerja`` with its subtree, ``golongan``,
    ``q`` on name or NIP, ``status`` memenuhi/belum) on ``tanggal_kp``, ordered by unit and name.
    Four queries whatever the number of pegawai."""
    qs = _pegawai_kp_qs(instansi=instansi, filters=filters)
    rows = list(
        qs.order_by("unit_kerja__path", "nama", "id").values_list(
            "id",
            "nip",
            "nama",
            "unit_kerja_id",
            "unit_kerja__nama",
            "jabatan__nama",
            "jabatan__jenis",
            "jabatan__jenjang",
            "golongan__kode",
            "tmt_golongan",
            "pendidikan_terakhir",
        )
    )
    if not rows:
        return []
    ids = qs.values("id")
    awal_fungsional = min(
        (r[9].year for r in rows if is_fungsional(r[6]) and r[7]),
        default=tanggal_kp.year - 2,
    )
    awal = min(awal_fungsional, tanggal_kp.year - 2)
    predikat: dict[int, dict[int, str]] = defaultdict(dict)
    evaluasi = (
        EvaluasiKinerja.objects.filter(
            periode__instansi=instansi,
            periode__jenis=JenisPeriode.TAHUNAN,
            periode__tahun__lt=tanggal_kp.year,
            pegawai_id__in=ids,
        )
        .filter(
            Q(periode__tahun__gte=tanggal_kp.year - 2)
            | Q(periode__tahun__gte=awal, pegawai__jabatan__jenis__startswith="fungsional")
        )
        .exclude(predikat="")
        .values_list("pegawai_id", "periode__tahun", "predikat")
    )
    for pegawai_id, tahun, p in evaluasi.iterator(chunk_size=20000):
        predikat[pegawai_id][tahun] = p
    hukdis = set(
        HukumanDisiplin.objects.filter(_hukdis_q(tanggal_kp), pegawai_id__in=ids).values_list("pegawai_id", flat=True)
    )
    golongan_id = dict(Golongan.objects.filter(jenis_asn=JenisASN.PNS).values_list("kode", "id"))
    status = (filters or {}).get("status") or ""
    out: list[BarisKP] = []
    kosong: dict[int, str] = {}
    sama: dict[Any, tuple[HasilKP, Decimal | None, Decimal | None]] = {}
    for pid, nip, nama, unit_id, unit, jabatan, jenis, jenjang, gol, tmt, pendidikan in rows:
        per_tahun = predikat.get(pid, kosong)
        data = _DataKP(
            jenis_asn=JenisASN.PNS,
            golongan=gol,
            tmt_golongan=tmt,
            pendidikan=pendidikan,
            jenis_jabatan=jenis or "",
            jenjang=jenjang or "",
        )
        berjalan = pid in hukdis
        dua = (per_tahun.get(tanggal_kp.year - 1), per_tahun.get(tanggal_kp.year - 2))
        # the rules are pure: equal inputs (common in a large instansi) are computed once
        kunci = (data, berjalan, tuple(sorted(per_tahun.items())) if is_fungsional(data.jenis_jabatan) else dua)
        hitungan = sama.get(kunci)
        if hitungan is None:
            hitungan = sama[kunci] = _hitung(
                data, tanggal_kp=tanggal_kp, predikat_per_tahun=per_tahun, hukdis_berjalan=berjalan, kebijakan=kebijakan
            )
        hasil, ak, perlu = hitungan
        baris = BarisKP(
            pegawai_id=pid,
            nip=nip,
            nama=nama,
            unit_kerja_id=unit_id,
            unit_kerja=unit or "",
            jabatan=jabatan or "",
            jenis_kp="fungsional" if ak is not None else "reguler",
            golongan=gol,
            tmt_golongan=tmt,
            pendidikan=pendidikan,
            golongan_baru=hasil.golongan_baru,
            golongan_baru_id=golongan_id.get(hasil.golongan_baru) if hasil.golongan_baru else None,
            predikat_dua_tahun=dua,
            hukdis_berjalan=berjalan,
            angka_kredit=ak,
            angka_kredit_dibutuhkan=perlu,
            kekurangan=hasil.kekurangan,
        )
        if status == StatusKP.MEMENUHI and not baris.memenuhi:
            continue
        if status == StatusKP.BELUM and baris.memenuhi:
            continue
        out.append(baris)
    return out


def kp_hitungan(baris: Iterable[BarisKP]) -> tuple[int, int]:
    """(eligible, not eligible) among ``baris``."""
    memenuhi = belum = 0
    for b in baris:
        if b.memenuhi:
            memenuhi += 1
        else:
            belum += 1
    return memenuhi, belum
