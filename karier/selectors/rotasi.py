"""Rotation candidates of one round (DOMAIN.md §6 mutasi: not before ``rotasi_minimal_tahun``
and not after ``rotasi_maksimal_tahun`` years in the same jabatan).

For every active pegawai at least the minimum in their jabatan (``karier.rules.status_rotasi``):
years in post, the 9-box box of the latest year and its actions, and the best-fitting jabatan of
the SAME level (same jenis; same eselon for structural, same jenjang for fungsional) in a
DIFFERENT unit kerja, with a free slot (jabatan.kebutuhan − active holders, plus the slots freed
by the candidates already moved in this round), ranked by JPM against the target's standar
kompetensi (``penilaian.rules.jpm`` on the effective levels of ``pelatihan``) and then by the
target's open slots (the unit's need).

No unit kerja loses more than ``rotasi_porsi_maksimal_unit`` % of its active staff in one round
(rounded down: a unit of 10 at 10% lets 1 go). The round is greedy in this order: rotation due
first, then the boxes whose actions include rotation (``karier.rules.KOTAK_ROTASI``), then the
longest in post; whoever the cap holds back says so.

To stay tractable at 100,000 pegawai the targets of each level are bounded: the jabatan with open
slots (the ``MAKS_TUJUAN_PER_LEVEL`` with most open slots) plus the jabatan freed in the round;
a constant number of queries whatever the size.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.db.models import Count, Max, Subquery
from django.utils.translation import gettext as _

from common.policies import Kebijakan
from karier.models import PenempatanTalenta
from karier.rules import KOTAK_ROTASI, TINDAKAN_KOTAK, StatusRotasi, Tindakan, masa_teks, status_rotasi
from pegawai.models import Instansi, Jabatan, Pegawai, UnitKerja
from pegawai.rules import MasaKerja, add_years, masa_kerja
from pelatihan.selectors.dasar import level_efektif_map
from penilaian.rules import jpm
from penilaian.selectors.kompetensi_dasar import standar_map

MAKS_TUJUAN_PER_LEVEL = 40
STRUKTURAL = ("jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas")
TINDAKAN_ROTASI = (Tindakan.ROTASI, Tindakan.ROTASI_PERLUASAN, Tindakan.ROTASI_PENGAYAAN)


def level_jabatan(jenis: str, eselon: str, jenjang: str) -> tuple[str, str]:
    """The key of a jabatan's level: its jenis with the eselon (structural) or the jenjang
    (fungsional)."""
    if jenis in STRUKTURAL:
        return jenis, eselon or ""
    if jenis.startswith("fungsional"):
        return jenis, jenjang or ""
    return jenis, ""


def batas_keluar_unit(jumlah_pegawai: int, porsi: Decimal) -> int:
    """How many of a unit's active staff may leave in one round: ⌊n × porsi / 100⌋."""
    return int(Decimal(jumlah_pegawai) * porsi / Decimal(100))


@dataclass
class _Jabatan:
    id: int
    nama: str
    level: tuple[str, str]
    unit_kerja_id: int | None
    unit_kerja: str
    kebutuhan: int
    terisi: int
    kosong: int  # free slots left in this round


@dataclass
class KandidatRotasi:
    """One pegawai in the rotation window, with the proposed target (if any) and why."""

    pegawai_id: int
    nip: str
    nama: str
    unit_kerja_id: int | None
    unit_kerja: str
    unit_path: str
    jabatan_id: int
    jabatan: str
    tmt_jabatan: datetime.date
    masa_jabatan: MasaKerja
    status: StatusRotasi
    kotak: int | None
    tahun_kotak: int | None
    jabatan_tujuan_id: int | None = None
    jabatan_tujuan: str | None = None
    unit_tujuan_id: int | None = None
    unit_tujuan: str | None = None
    jpm: Decimal | None = None
    formasi_kosong: int | None = None
    ditahan: bool = False
    penjelasan: list[dict[str, Any]] = field(default_factory=list)

    @property
    def diusulkan(self) -> bool:
        return self.jabatan_tujuan_id is not None and not self.ditahan

    @property
    def kotak_rotasi(self) -> bool:
        return self.kotak in KOTAK_ROTASI

    def get_status_display(self) -> str:
        return str(self.status.label)

    @property
    def masa_jabatan_teks(self) -> str:
        return masa_teks(self.masa_jabatan)

    @property
    def penjelasan_teks(self) -> str:
        return "; ".join(p["teks"] for p in self.penjelasan)


def _urutan(k: KandidatRotasi) -> tuple[int, int, datetime.date, int]:
    """Greedy order: due first, then the rotation boxes, then the longest in post."""
    return (0 if k.status == StatusRotasi.JATUH_TEMPO else 1, 0 if k.kotak_rotasi else 1, k.tmt_jabatan, k.pegawai_id)


def _penjelasan_masa(k: KandidatRotasi, kebijakan: Kebijakan) -> dict[str, Any]:
    return {
        "kode": "masa_jabatan",
        "label": _("Masa dalam jabatan"),
        "nilai": k.masa_jabatan.total_bulan,
        "teks": _(
            "%(masa)s dalam jabatan sejak %(tmt)s: %(status)s (kandidat mulai %(min)d tahun, jatuh tempo %(max)d tahun)"
        )
        % {
            "masa": masa_teks(k.masa_jabatan),
            "tmt": k.tmt_jabatan.isoformat(),
            "status": str(k.status.label).lower(),
            "min": kebijakan.rotasi_minimal_tahun,
            "max": kebijakan.rotasi_maksimal_tahun,
        },
    }


def _penjelasan_kotak(k: KandidatRotasi) -> dict[str, Any]:
    if k.kotak is None:
        return {
            "kode": "kotak",
            "label": _("Kotak talenta"),
            "nilai": None,
            "teks": _("belum ada kotak talenta"),
        }
    tindakan = TINDAKAN_KOTAK[k.kotak]
    return {
        "kode": "kotak",
        "label": _("Kotak talenta"),
        "nilai": k.kotak,
        "teks": _("kotak %(kotak)d (%(tahun)s): %(tindakan)s%(rotasi)s")
        % {
            "kotak": k.kotak,
            "tahun": k.tahun_kotak,
            "tindakan": ", ".join(str(t.label).lower() for t in tindakan),
            "rotasi": "" if k.kotak_rotasi else " — " + _("rotasi bukan tindakan kotak ini"),
        },
    }


def _jpm(standar: Mapping[int, int] | None, levels: Mapping[int, tuple[int, str, datetime.date]]) -> Decimal | None:
    if not standar:
        return None
    hasil = jpm(standar, {kid: lv[0] for kid, lv in levels.items()})
    return hasil.persen if hasil is not None else None


def _penjelasan_jpm(j: _Jabatan, nilai: Decimal | None) -> dict[str, Any]:
    data = {"jpm": nilai, "jabatan": j.nama, "unit": j.unit_kerja}
    return {
        "kode": "jpm",
        "label": _("JPM terhadap jabatan tujuan"),
        "nilai": str(nilai) if nilai is not None else None,
        "teks": _("JPM %(jpm)s%% terhadap standar kompetensi %(jabatan)s (%(unit)s)") % data
        if nilai is not None
        else _("%(jabatan)s (%(unit)s) belum memiliki standar kompetensi") % data,
    }


def kandidat_rotasi(
    *, instansi: Instansi, pada: datetime.date, kebijakan: Kebijakan, filters: Mapping[str, Any] | None = None
) -> list[KandidatRotasi]:
    """The round of ``pada``: every active pegawai of ``instansi`` in the rotation window with the
    proposed target and the explanation, due first. Filters (applied after the round, so the cap
    is the same whatever is shown): ``status`` kandidat | jatuh_tempo, ``unit_kerja`` (a UnitKerja,
    with its subtree, or an id)."""
    batas_min = add_years(pada, -kebijakan.rotasi_minimal_tahun)
    aktif = Pegawai.objects.filter(instansi=instansi, status=Pegawai.Status.AKTIF)
    rows = list(
        aktif.filter(jabatan__isnull=False, tmt_jabatan__isnull=False, tmt_jabatan__lte=batas_min).values_list(
            "id",
            "nip",
            "nama",
            "unit_kerja_id",
            "unit_kerja__nama",
            "unit_kerja__path",
            "jabatan_id",
            "jabatan__nama",
            "tmt_jabatan",
        )
    )
    if not rows:
        return []
    # the jabatan of the instansi with their holders (one query), the staff per unit (one query)
    terisi = dict(
        aktif.filter(jabatan__isnull=False).values("jabatan_id").annotate(n=Count("id")).values_list("jabatan_id", "n")
    )
    staf_unit: dict[int | None, int] = dict(
        aktif.values("unit_kerja_id").annotate(n=Count("id")).values_list("unit_kerja_id", "n")
    )
    jabatan: dict[int, _Jabatan] = {}
    for jid, nama, jenis, eselon, jenjang, unit_id, unit, kebutuhan in Jabatan.objects.filter(
        instansi=instansi
    ).values_list("id", "nama", "jenis", "eselon", "jenjang", "unit_kerja_id", "unit_kerja__nama", "kebutuhan"):
        n = terisi.get(jid, 0)
        jabatan[jid] = _Jabatan(
            jid, nama, level_jabatan(jenis, eselon, jenjang), unit_id, unit or "", kebutuhan, n, max(kebutuhan - n, 0)
        )
    # boxes of the latest year up to pada's (one query)
    tahun_terakhir = (
        PenempatanTalenta.objects.filter(instansi=instansi, tahun__lte=pada.year)
        .values("instansi")
        .annotate(t=Max("tahun"))
        .values("t")
    )
    kotak: dict[int, tuple[int | None, int]] = {
        pid: (k, t)
        for pid, k, t in PenempatanTalenta.objects.filter(
            instansi=instansi, tahun=Subquery(tahun_terakhir[:1])
        ).values_list("pegawai_id", "kotak", "tahun")
    }
    kandidat: list[KandidatRotasi] = []
    for pid, nip, nama, unit_id, unit, path, jid, jnama, tmt_or_none in rows:
        tmt = cast(datetime.date, tmt_or_none)  # filtered non-null above
        no_kotak, tahun_kotak = kotak.get(pid, (None, None))
        kandidat.append(
            KandidatRotasi(
                pegawai_id=pid,
                nip=nip,
                nama=nama,
                unit_kerja_id=unit_id,
                unit_kerja=unit or "",
                unit_path=path or "",
                jabatan_id=jid,
                jabatan=jnama,
                tmt_jabatan=tmt,
                masa_jabatan=masa_kerja(tmt, pada),
                status=status_rotasi(
                    tmt, pada, minimal=kebijakan.rotasi_minimal_tahun, maksimal=kebijakan.rotasi_maksimal_tahun
                ),
                kotak=no_kotak,
                tahun_kotak=tahun_kotak,
            )
        )
    kandidat.sort(key=_urutan)
    # the bounded targets per level: most open slots first, plus every jabatan a candidate may free
    per_level: dict[tuple[str, str], list[_Jabatan]] = defaultdict(list)
    for j in jabatan.values():
        if j.kosong > 0:
            per_level[j.level].append(j)
    tujuan: dict[tuple[str, str], dict[int, _Jabatan]] = {}
    for level, daftar in per_level.items():
        daftar.sort(key=lambda j: (-j.kosong, j.id))
        tujuan[level] = {j.id: j for j in daftar[:MAKS_TUJUAN_PER_LEVEL]}
    # a level without an open post moves nobody (so frees nothing), nor does a unit whose cap is 0:
    # their candidates need no JPM
    porsi = kebijakan.rotasi_porsi_maksimal_unit
    bergerak = [
        k
        for k in kandidat
        if tujuan.get(jabatan[k.jabatan_id].level) and batas_keluar_unit(staf_unit.get(k.unit_kerja_id, 0), porsi) > 0
    ]
    standar_ids = {jid for level in {jabatan[k.jabatan_id].level for k in bergerak} for jid in tujuan[level]}
    standar_ids |= {k.jabatan_id for k in bergerak}
    standar = standar_map(standar_ids)
    levels = level_efektif_map(k.pegawai_id for k in bergerak)
    keluar: dict[int | None, int] = defaultdict(int)
    for k in kandidat:
        k.penjelasan = [_penjelasan_masa(k, kebijakan), _penjelasan_kotak(k)]
        n_unit = staf_unit.get(k.unit_kerja_id, 0)
        batas = batas_keluar_unit(n_unit, porsi)
        sudah = keluar[k.unit_kerja_id]
        data = {"unit": k.unit_kerja, "keluar": sudah, "ke": sudah + 1, "n": n_unit, "porsi": porsi, "batas": batas}
        if sudah >= batas:
            # held back before any matching: the unit has let go of as many as it may this round
            k.ditahan = True
            k.penjelasan.append(
                {
                    "kode": "batas_unit",
                    "label": _("Batas unit"),
                    "nilai": batas,
                    "teks": _(
                        "ditahan: %(unit)s sudah melepas %(keluar)d dari %(n)d pegawai pada putaran ini "
                        "(paling banyak %(porsi)s%% = %(batas)d)"
                    )
                    % data,
                }
            )
            continue
        asal = jabatan[k.jabatan_id]
        milik = levels.get(k.pegawai_id, {})
        pilihan = tujuan.get(asal.level, {})
        terbaik: tuple[tuple[Decimal, int, int], _Jabatan, Decimal | None] | None = None
        for j in pilihan.values():
            if j.unit_kerja_id == k.unit_kerja_id or j.id == asal.id:
                continue
            nilai = _jpm(standar.get(j.id), milik)
            kunci = (nilai if nilai is not None else Decimal(-1), j.kosong, -j.id)
            if terbaik is None or kunci > terbaik[0]:
                terbaik = (kunci, j, nilai)
        if terbaik is None:
            k.penjelasan.append(
                {
                    "kode": "tujuan",
                    "label": _("Jabatan tujuan"),
                    "nilai": None,
                    "teks": _("belum ada jabatan setingkat dengan formasi kosong di unit kerja lain"),
                }
            )
            continue
        _kunci, j, nilai = terbaik
        k.jabatan_tujuan_id, k.jabatan_tujuan = j.id, j.nama
        k.unit_tujuan_id, k.unit_tujuan = j.unit_kerja_id, j.unit_kerja
        k.jpm, k.formasi_kosong = nilai, j.kosong
        k.penjelasan.append(_penjelasan_jpm(j, nilai))
        k.penjelasan.append(
            {
                "kode": "kebutuhan_unit",
                "label": _("Kebutuhan unit tujuan"),
                "nilai": j.kosong,
                "teks": _("formasi kosong %(kosong)d dari kebutuhan %(kebutuhan)d")
                % {"kosong": j.kosong, "kebutuhan": j.kebutuhan},
            }
        )
        k.penjelasan.append(
            {
                "kode": "batas_unit",
                "label": _("Batas unit"),
                "nilai": batas,
                "teks": _("%(unit)s melepas %(ke)d dari paling banyak %(batas)d (%(porsi)s%% dari %(n)d pegawai)")
                % data,
            }
        )
        keluar[k.unit_kerja_id] += 1
        j.kosong -= 1
        if j.kosong <= 0:
            del pilihan[j.id]
        # the post left behind is free for a later candidate of the same level (the level's
        # targets stay bounded)
        asal.kosong += 1
        if asal.id in pilihan or len(pilihan) < MAKS_TUJUAN_PER_LEVEL:
            tujuan.setdefault(asal.level, pilihan)[asal.id] = asal
    return _saring(kandidat, filters)


def _saring(kandidat: Iterable[KandidatRotasi], filters: Mapping[str, Any] | None) -> list[KandidatRotasi]:
    f = filters or {}
    status = f.get("status") or ""
    unit = f.get("unit_kerja")
    out = []
    for k in kandidat:
        if status and k.status != status:
            continue
        if unit:
            if isinstance(unit, UnitKerja):
                if not (k.unit_path.startswith(unit.path) if unit.path else k.unit_kerja_id == unit.pk):
                    continue
            elif k.unit_kerja_id != unit:
                continue
        out.append(k)
    return out


def rotasi_hitungan(kandidat: Iterable[KandidatRotasi]) -> dict[str, int]:
    """Counts of the round: candidates, due, proposed, held back by the unit cap."""
    out = {"kandidat": 0, "jatuh_tempo": 0, "diusulkan": 0, "ditahan": 0}
    for k in kandidat:
        out["jatuh_tempo" if k.status == StatusRotasi.JATUH_TEMPO else "kandidat"] += 1
        out["diusulkan"] += int(k.diusulkan)
        out["ditahan"] += int(k.ditahan)
    return out
