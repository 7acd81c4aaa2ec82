"""Allocation runs: who attends what within the budget and the seats (model: ``pelatihan.optimasi``).

``alokasi_buat`` creates the run (BKD) and dispatches the task after commit; the task calls
``alokasi_jalankan``, which claims the row with a conditional UPDATE and runs

    muat → bangun → selesaikan → tulis → selesai

recording the step, the progress and a heartbeat. The result is written in one transaction (the
rows of a failed attempt are replaced), so a rerun of a failed or abandoned run starts clean and a
rerun of a finished run does nothing. BKD then adjusts single rows (``alokasi_sesuaikan``) and
approves the run (``alokasi_setujui``): training records are scheduled, the needs marked
allocated, and every chosen pegawai and their atasan notified once.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.services import Pesan, audit_record, notifikasi_kirim
from pegawai.models import Instansi, Pegawai, UnitKerja, User
from pegawai.selectors import kebijakan_get
from pelatihan import rules
from pelatihan.models import (
    Alokasi,
    AlokasiPeserta,
    KebutuhanPelatihan,
    ProgramKompetensi,
    ProgramPelatihan,
    RiwayatPelatihan,
)
from pelatihan.optimasi import Masalah, Solusi, alokasi_selesaikan
from pelatihan.rules import AlasanAlokasi, JenisKebutuhan
from pelatihan.selectors.dasar import jp_tahun_map

logger = logging.getLogger(__name__)

LANGKAH = ("muat", "bangun", "selesaikan", "tulis", "selesai")
PROGRES = {"muat": 5, "bangun": 25, "selesaikan": 40, "tulis": 85, "selesai": 100}
# a running allocation that has not beaten for this long is taken to be dead and may be claimed
BATAS_MACET = datetime.timedelta(minutes=10)
BATAS_DETIK = 15.0
TAHUN_MIN, TAHUN_MAKS = 2000, 2100
EMPAT = Decimal("0.0001")


# ---------------------------------------------------------------------------------------------
# Creating a run


@transaction.atomic
def alokasi_buat(
    *,
    actor: User,
    instansi: Instansi,
    tahun: int,
    nama: str,
    anggaran: Decimal,
    program_ids: list[int] | None = None,
    kirim: bool = True,
) -> Alokasi:
    """A new allocation run of ``instansi`` for ``tahun`` (all active programmes of the year, or
    the batch ``program_ids``). The policy values it uses are kept in ``parameter``."""
    errors: dict[str, str] = {}
    nama = (nama or "").strip()
    if not nama:
        errors["nama"] = _("Nama alokasi wajib diisi.")
    if not TAHUN_MIN <= int(tahun) <= TAHUN_MAKS:
        errors["tahun"] = _("Tahun harus di antara %(min)s dan %(maks)s.") % {"min": TAHUN_MIN, "maks": TAHUN_MAKS}
    if anggaran is None or Decimal(anggaran) < 0:
        errors["anggaran"] = _("Anggaran tidak boleh negatif.")
    elif Decimal(anggaran) >= Decimal("1e14"):
        errors["anggaran"] = _("Anggaran terlalu besar.")
    program: list[ProgramPelatihan] = []
    if program_ids:
        ids = sorted(set(program_ids))
        program = list(
            ProgramPelatihan.objects.filter(instansi=instansi, tahun=tahun, is_active=True, pk__in=ids).order_by("pk")
        )
        if len(program) != len(ids):
            errors["program"] = _("Program harus program aktif instansi ini pada tahun %(tahun)s.") % {"tahun": tahun}
    if errors:
        raise ValidationError(errors)
    kebijakan = kebijakan_get(instansi=instansi)
    alokasi = Alokasi.objects.create(
        instansi=instansi,
        tahun=tahun,
        nama=nama,
        anggaran=Decimal(anggaran),
        dimulai_oleh=actor if actor.pk else None,
        parameter={
            "keadilan_porsi_minimal": str(kebijakan.keadilan_porsi_minimal),
            "keadilan_dimensi": list(kebijakan.keadilan_dimensi),
            "bobot_tanpa_pengembangan": str(kebijakan.bobot_tanpa_pengembangan),
            "maks_program_per_pegawai": kebijakan.maks_program_per_pegawai,
            "jp_minimal_tahunan": kebijakan.jp_minimal_tahunan,
        },
    )
    if program:
        alokasi.program.set(program)
    audit_record(
        actor=actor,
        subject=alokasi,
        aksi="create",
        instansi_id=instansi.pk,
        ringkasan=f"Alokasi pelatihan {nama} ({tahun})",
        perubahan={"anggaran": str(anggaran), "program": [p.pk for p in program]},
    )
    if kirim:
        from pelatihan.tasks.alokasi import alokasi_jalankan_task

        alokasi_id = alokasi.pk
        transaction.on_commit(lambda: alokasi_jalankan_task.delay(alokasi_id))
    return alokasi


# ---------------------------------------------------------------------------------------------
# Candidates: which programmes serve a need, with what benefit


@dataclass
class ProgramData:
    id: int
    nama: str
    biaya: Decimal
    jp: Decimal
    kursi: int
    untuk_kinerja: bool
    jenis_jabatan: list[str]
    golongan_minimal: int | None
    golongan_maksimal: int | None
    kompetensi: dict[int, int] = field(default_factory=dict)


@dataclass
class PegawaiData:
    id: int
    jenis_jabatan: str | None
    golongan_urutan: int
    kelompok: dict[str, str]


def _program_data(alokasi: Alokasi) -> list[ProgramData]:
    qs = ProgramPelatihan.objects.filter(instansi_id=alokasi.instansi_id, tahun=alokasi.tahun, is_active=True)
    subset = list(alokasi.program.values_list("pk", flat=True))
    if subset:
        qs = qs.filter(pk__in=subset)
    out = {
        r["pk"]: ProgramData(
            id=r["pk"],
            nama=r["nama"],
            biaya=r["biaya_per_peserta"],
            jp=r["jp"],
            kursi=r["kursi_per_angkatan"] * r["jumlah_angkatan"],
            untuk_kinerja=r["untuk_kinerja"],
            jenis_jabatan=list(r["jenis_jabatan"] or []),
            golongan_minimal=r["golongan_minimal__urutan"],
            golongan_maksimal=r["golongan_maksimal__urutan"],
        )
        for r in qs.order_by("pk").values(
            "pk",
            "nama",
            "biaya_per_peserta",
            "jp",
            "kursi_per_angkatan",
            "jumlah_angkatan",
            "untuk_kinerja",
            "jenis_jabatan",
            "golongan_minimal__urutan",
            "golongan_maksimal__urutan",
        )
    }
    for program_id, kompetensi_id, level in ProgramKompetensi.objects.filter(program_id__in=out).values_list(
        "program_id", "kompetensi_id", "level"
    ):
        out[program_id].kompetensi[kompetensi_id] = level
    return list(out.values())


def kursi_terpakai_map(
    *, instansi_id: int, program_ids: list[int], kecuali_alokasi_id: int | None = None
) -> dict[int, int]:
    """programme id → seats taken by approved allocation runs."""
    qs = AlokasiPeserta.objects.filter(
        alokasi__instansi_id=instansi_id,
        alokasi__status=Alokasi.Status.DISETUJUI,
        terpilih=True,
        program_id__in=program_ids,
    )
    if kecuali_alokasi_id is not None:
        qs = qs.exclude(alokasi_id=kecuali_alokasi_id)
    return dict(qs.values("program_id").annotate(n=Count("pk")).values_list("program_id", "n"))


def _melayani(k: dict[str, Any], program: ProgramData, *, jp_minimal: int) -> Decimal:
    """The benefit of ``program`` for the need ``k`` (0 when it does not serve it)."""
    prioritas = k["prioritas"]
    dicapai = k["level_dicapai"] or 0
    jenis = k["jenis"]
    if jenis in (JenisKebutuhan.KOMPETENSI, JenisKebutuhan.KOMPETENSI_TARGET):
        level = program.kompetensi.get(k["kompetensi_id"])
        if level is None or level <= dicapai:
            return Decimal(0)
        return rules.manfaat_kompetensi(
            prioritas=prioritas, dibutuhkan=k["level_dibutuhkan"] or level, dicapai=dicapai, level_program=level
        )
    if jenis == JenisKebutuhan.KINERJA:
        return Decimal(prioritas) if program.untuk_kinerja else Decimal(0)
    if jenis == JenisKebutuhan.JP:
        kurang = k["jp_kurang"] if k["jp_kurang"] is not None else Decimal(jp_minimal)
        return rules.manfaat_jp(prioritas=prioritas, kurang=kurang, jp_program=program.jp)
    # permintaan and wajib: their programme, or (a request for a kompetensi) a programme building it
    if k["program_id"] is not None:
        return Decimal(prioritas) if program.id == k["program_id"] else Decimal(0)
    level = program.kompetensi.get(k["kompetensi_id"]) if k["kompetensi_id"] else None
    return Decimal(prioritas) if level is not None and level > dicapai else Decimal(0)


def _memenuhi_syarat(pegawai: PegawaiData, program: ProgramData) -> bool:
    return rules.memenuhi_syarat_program(
        jenis_jabatan_program=program.jenis_jabatan,
        golongan_minimal_urutan=program.golongan_minimal,
        golongan_maksimal_urutan=program.golongan_maksimal,
        jenis_jabatan_pegawai=pegawai.jenis_jabatan,
        golongan_urutan_pegawai=pegawai.golongan_urutan,
    )


def _pegawai_data(ids: list[int], tahun: int) -> tuple[dict[int, PegawaiData], dict[str, str]]:
    """pegawai id → eligibility data and fairness groups; and unit id → name for the report."""
    rows = list(
        Pegawai.objects.filter(pk__in=ids).values(
            "pk",
            "jabatan__jenis",
            "golongan__urutan",
            "golongan__kode",
            "jenis_kelamin",
            "jenis_asn",
            "tanggal_lahir",
            "unit_kerja_id",
            "unit_kerja__path",
        )
    )
    pada = datetime.date(tahun, 1, 1)
    out: dict[int, PegawaiData] = {}
    for r in rows:
        path = (r["unit_kerja__path"] or "").strip("/")
        induk = path.split("/", 1)[0] if path else str(r["unit_kerja_id"])
        out[r["pk"]] = PegawaiData(
            id=r["pk"],
            jenis_jabatan=r["jabatan__jenis"],
            golongan_urutan=r["golongan__urutan"],
            kelompok={
                "unit_kerja": induk,
                "jenis_kelamin": r["jenis_kelamin"],
                "golongan": rules.kelompok_golongan(r["golongan__kode"]),
                "jenis_asn": r["jenis_asn"],
                "kelompok_usia": str(rules.kelompok_usia(r["tanggal_lahir"], pada)),
            },
        )
    unit_ids = {int(p.kelompok["unit_kerja"]) for p in out.values() if p.kelompok["unit_kerja"].isdigit()}
    nama_unit = {str(pk): nama for pk, nama in UnitKerja.objects.filter(pk__in=unit_ids).values_list("pk", "nama")}
    return out, nama_unit


# ---------------------------------------------------------------------------------------------
# Running a run


def _claim(alokasi_id: int) -> bool:
    now = timezone.now()
    return bool(
        Alokasi.objects.filter(pk=alokasi_id)
        .filter(
            Q(status__in=[Alokasi.Status.MENUNGGU, Alokasi.Status.GAGAL])
            | Q(status=Alokasi.Status.BERJALAN, detak__lt=now - BATAS_MACET)
        )
        .update(status=Alokasi.Status.BERJALAN, detak=now, dimulai_pada=now, galat="", updated_at=now)
    )


def _langkah(alokasi: Alokasi, nama: str) -> None:
    now = timezone.now()
    alokasi.langkah, alokasi.progres, alokasi.detak = nama, PROGRES[nama], now
    Alokasi.objects.filter(pk=alokasi.pk).update(langkah=nama, progres=PROGRES[nama], detak=now, updated_at=now)


def alokasi_jalankan(*, alokasi_id: int, batas_detik: float = BATAS_DETIK) -> Alokasi:
    """Run an allocation (see the module docstring). A run another worker holds, or one that has
    finished, is returned untouched. A transient database error gives it back (menunggu) and is
    raised for the task to retry; any other error ends it ``gagal`` with the message."""
    if not _claim(alokasi_id):
        return Alokasi.objects.get(pk=alokasi_id)
    alokasi = Alokasi.objects.select_related("instansi").get(pk=alokasi_id)
    try:
        _jalankan(alokasi, batas_detik=batas_detik)
    except (OperationalError, InterfaceError):
        Alokasi.objects.filter(pk=alokasi_id, status=Alokasi.Status.BERJALAN).update(status=Alokasi.Status.MENUNGGU)
        raise
    except Exception as e:
        logger.exception("alokasi %s: langkah %s gagal", alokasi_id, alokasi.langkah)
        Alokasi.objects.filter(pk=alokasi_id).update(
            status=Alokasi.Status.GAGAL, galat=f"{type(e).__name__}: {e}"[:2000], updated_at=timezone.now()
        )
    alokasi.refresh_from_db()
    return alokasi


def _jalankan(alokasi: Alokasi, *, batas_detik: float) -> None:
    param = alokasi.parameter
    maks = int(param.get("maks_program_per_pegawai", 2))
    bobot_tanpa = Decimal(str(param.get("bobot_tanpa_pengembangan", "1")))
    alpha = Decimal(str(param.get("keadilan_porsi_minimal", "0"))) / 100
    dimensi = list(param.get("keadilan_dimensi", []))
    jp_minimal = int(param.get("jp_minimal_tahunan", 20))

    _langkah(alokasi, "muat")
    kebutuhan: list[dict[str, Any]] = [
        dict(r)
        for r in KebutuhanPelatihan.objects.filter(
            instansi_id=alokasi.instansi_id, tahun=alokasi.tahun, status=KebutuhanPelatihan.Status.TERBUKA
        )
        .order_by("pk")
        .values(
            "pk",
            "pegawai_id",
            "jenis",
            "kompetensi_id",
            "level_dibutuhkan",
            "level_dicapai",
            "program_id",
            "jp_kurang",
            "prioritas",
        )
    ]
    program = _program_data(alokasi)
    pegawai_ids = sorted({k["pegawai_id"] for k in kebutuhan})
    pegawai, nama_unit = _pegawai_data(pegawai_ids, alokasi.tahun)
    jp_lalu = jp_tahun_map(instansi_id=alokasi.instansi_id, tahun=alokasi.tahun - 1, pegawai_ids=pegawai_ids)
    terpakai = kursi_terpakai_map(instansi_id=alokasi.instansi_id, program_ids=[p.id for p in program])

    _langkah(alokasi, "bangun")
    p_index = {p.id: j for j, p in enumerate(program)}
    i_index = {pk: i for i, pk in enumerate(pegawai_ids)}
    pk_kebutuhan, pk_program, pk_manfaat = [], [], []
    tanpa: dict[int, tuple[str, dict[str, Any]]] = {}
    for n, k in enumerate(kebutuhan):
        peg = pegawai[k["pegawai_id"]]
        melayani = [(p, _melayani(k, p, jp_minimal=jp_minimal)) for p in program]
        melayani = [(p, b) for p, b in melayani if b > 0]
        boleh = [(p, b) for p, b in melayani if _memenuhi_syarat(peg, p)]
        if not melayani:
            tanpa[n] = (AlasanAlokasi.TIDAK_ADA_PROGRAM, {})
        elif not boleh:
            tanpa[n] = (
                AlasanAlokasi.TIDAK_MEMENUHI_SYARAT,
                {"program": [p.id for p, _b in melayani[:5]], "program_nama": [p.nama for p, _b in melayani[:5]]},
            )
        for p, b in boleh:
            pk_kebutuhan.append(n)
            pk_program.append(p_index[p.id])
            pk_manfaat.append(float(b))
    bobot = [float(bobot_tanpa) if jp_lalu.get(k["pegawai_id"], Decimal(0)) <= 0 else 1.0 for k in kebutuhan]
    masalah = Masalah(
        pegawai_kebutuhan=[i_index[k["pegawai_id"]] for k in kebutuhan],
        bobot=bobot,
        pasangan_kebutuhan=pk_kebutuhan,
        pasangan_program=pk_program,
        pasangan_manfaat=pk_manfaat,
        biaya=[float(p.biaya) for p in program],
        kursi=[max(p.kursi - terpakai.get(p.id, 0), 0) for p in program],
        anggaran=float(alokasi.anggaran),
        maks_per_pegawai=maks,
        kelompok={d: [pegawai[pk].kelompok[d] for pk in pegawai_ids] for d in dimensi},
        porsi_minimal=float(alpha),
    )

    _langkah(alokasi, "selesaikan")
    solusi = alokasi_selesaikan(masalah, batas_detik=batas_detik)

    _langkah(alokasi, "tulis")
    baris = _baris_peserta(alokasi, kebutuhan, program, solusi, tanpa, bobot)
    hasil = _hasil(alokasi, kebutuhan, program, solusi, terpakai, nama_unit, masalah)
    now = timezone.now()
    with transaction.atomic():
        AlokasiPeserta.objects.filter(alokasi=alokasi).delete()
        AlokasiPeserta.objects.bulk_create(baris, batch_size=2000)
        Alokasi.objects.filter(pk=alokasi.pk, status=Alokasi.Status.BERJALAN).update(
            status=Alokasi.Status.SELESAI,
            langkah="selesai",
            progres=100,
            detak=now,
            selesai_pada=now,
            updated_at=now,
            nilai_objektif=Decimal(str(round(solusi.objektif, 4))),
            batas_lp=Decimal(str(round(solusi.batas_lp, 4))),
            gap_persen=Decimal(str(round(solusi.gap_persen, 4))),
            hasil=hasil,
        )


def _baris_peserta(
    alokasi: Alokasi,
    kebutuhan: list[dict[str, Any]],
    program: list[ProgramData],
    solusi: Solusi,
    tanpa: dict[int, tuple[str, dict[str, Any]]],
    bobot: list[float],
) -> list[AlokasiPeserta]:
    out = []
    for n, k in enumerate(kebutuhan):
        row = AlokasiPeserta(alokasi_id=alokasi.pk, kebutuhan_id=k["pk"], pegawai_id=k["pegawai_id"])
        penjelasan = solusi.penjelasan.get(n)
        if penjelasan is None:
            row.alasan, data = tanpa.get(n, (AlasanAlokasi.TIDAK_ADA_PROGRAM, {}))
            row.alasan_data = {**data, "bobot": bobot[n]}
        else:
            p = program[penjelasan.program] if penjelasan.program is not None else None
            row.program_id = p.id if p else None
            row.terpilih = penjelasan.alasan == AlasanAlokasi.TERPILIH
            row.alasan = penjelasan.alasan
            row.manfaat = Decimal(str(penjelasan.manfaat)).quantize(EMPAT)
            row.biaya = p.biaya if p else Decimal(0)
            data = dict(penjelasan.data)
            data.pop("program", None)
            row.alasan_data = {**data, "program_nama": p.nama if p else ""}
        out.append(row)
    return out


def _hasil(
    alokasi: Alokasi,
    kebutuhan: list[dict[str, Any]],
    program: list[ProgramData],
    solusi: Solusi,
    terpakai: dict[int, int],
    nama_unit: dict[str, str],
    masalah: Masalah,
) -> dict[str, Any]:
    biaya_terpakai = sum((program[int(p)].biaya for p in solusi.pilihan if p >= 0), Decimal(0))
    alasan = Counter(p.alasan for p in solusi.penjelasan.values())
    return {
        "status_solver": solusi.status,
        "pesan_solver": solusi.pesan,
        "detik": round(solusi.detik, 3),
        "kebutuhan": len(kebutuhan),
        "program": len(program),
        "pasangan_awal": solusi.pasangan_awal,
        "pasangan": solusi.pasangan,
        "variabel": solusi.variabel,
        "kendala": solusi.kendala,
        "terpilih": int((solusi.pilihan >= 0).sum()),
        "alasan": dict(alasan),
        "biaya_terpakai": str(biaya_terpakai),
        "kursi": [
            {
                "program": p.id,
                "nama": p.nama,
                "kursi": p.kursi,
                "terpakai_sebelumnya": terpakai.get(p.id, 0),
                "terpilih": int(solusi.kursi_terpakai[j]),
            }
            for j, p in enumerate(program)
        ],
        "kelompok": [
            {
                "dimensi": g.dimensi,
                "kelompok": g.nama,
                "nama": nama_unit.get(g.nama, g.nama) if g.dimensi == "unit_kerja" else g.nama,
                "pegawai_pool": g.pegawai_pool,
                "porsi_pool": round(g.porsi_pool * 100, 2),
                "wajib": round(g.wajib, 2),
                "tercapai": g.tercapai,
            }
            for g in solusi.kelompok
        ],
    }


# ---------------------------------------------------------------------------------------------
# BKD adjusts, approves, cancels


@transaction.atomic
def alokasi_sesuaikan(
    *,
    actor: User,
    peserta: AlokasiPeserta,
    terpilih: bool,
    program: ProgramPelatihan | None = None,
    catatan: str,
) -> AlokasiPeserta:
    """Include a need (in ``program``, by default its considered programme) or exclude it, before
    approval, with a mandatory note. Inclusion checks the programme belongs to the run, the
    pegawai's eligibility, the same programme twice, the seats and the budget."""
    alokasi = Alokasi.objects.select_for_update().get(pk=peserta.alokasi_id)
    peserta = AlokasiPeserta.objects.select_for_update().get(pk=peserta.pk)
    catatan = (catatan or "").strip()
    if alokasi.status != Alokasi.Status.SELESAI:
        raise ValidationError(_("Hanya alokasi yang selesai dan belum disetujui yang dapat disesuaikan."))
    if not catatan:
        raise ValidationError({"catatan": _("Catatan penyesuaian wajib diisi.")})
    lama = {"terpilih": peserta.terpilih, "program": peserta.program_id, "alasan": peserta.alasan}
    if terpilih:
        program = program or peserta.program
        if program is None:
            raise ValidationError({"program": _("Pilih program untuk kebutuhan ini.")})
        _periksa_tambah(alokasi, peserta, program)
        peserta.terpilih = True
        peserta.program = program
        peserta.biaya = program.biaya_per_peserta
        peserta.alasan = AlasanAlokasi.DITAMBAHKAN_BKD
    else:
        peserta.terpilih = False
        peserta.alasan = AlasanAlokasi.DIKELUARKAN_BKD
    peserta.disesuaikan = True
    peserta.disesuaikan_oleh = actor
    peserta.catatan_penyesuaian = catatan
    peserta.alasan_data = {**peserta.alasan_data, "sebelumnya": lama["alasan"]}
    peserta.save()
    audit_record(
        actor=actor,
        subject=alokasi,
        aksi="update",
        instansi_id=alokasi.instansi_id,
        pegawai_id=peserta.pegawai_id,
        ringkasan=f"Penyesuaian alokasi {alokasi.nama}",
        perubahan={
            "peserta": peserta.pk,
            "lama": lama,
            "baru": {"terpilih": peserta.terpilih, "program": peserta.program_id},
            "catatan": catatan,
        },
    )
    return peserta


def _periksa_tambah(alokasi: Alokasi, peserta: AlokasiPeserta, program: ProgramPelatihan) -> None:
    program_ids = {p.id for p in _program_data(alokasi)}
    if program.pk not in program_ids:
        raise ValidationError({"program": _("Program ini bukan bagian dari alokasi ini.")})
    pegawai = Pegawai.objects.select_related("jabatan", "golongan").get(pk=peserta.pegawai_id)
    syarat = rules.memenuhi_syarat_program(
        jenis_jabatan_program=program.jenis_jabatan or [],
        golongan_minimal_urutan=program.golongan_minimal.urutan if program.golongan_minimal else None,
        golongan_maksimal_urutan=program.golongan_maksimal.urutan if program.golongan_maksimal else None,
        jenis_jabatan_pegawai=pegawai.jabatan.jenis if pegawai.jabatan else None,
        golongan_urutan_pegawai=pegawai.golongan.urutan,
    )
    if not syarat:
        raise ValidationError(
            {"program": _("Pegawai tidak memenuhi syarat program ini (jenis jabatan atau golongan).")}
        )
    lain = AlokasiPeserta.objects.filter(alokasi=alokasi, terpilih=True).exclude(pk=peserta.pk)
    if lain.filter(pegawai_id=peserta.pegawai_id, program=program).exists():
        raise ValidationError({"program": _("Pegawai ini sudah terpilih untuk program yang sama.")})
    sebelumnya = kursi_terpakai_map(instansi_id=alokasi.instansi_id, program_ids=[program.pk]).get(program.pk, 0)
    if lain.filter(program=program).count() + sebelumnya >= program.kursi:
        raise ValidationError(
            {"program": _("Kursi program ini sudah penuh (%(kursi)s kursi).") % {"kursi": program.kursi}}
        )
    dipakai = lain.aggregate(total=Sum("biaya"))["total"] or Decimal(0)
    if dipakai + program.biaya_per_peserta > alokasi.anggaran:
        raise ValidationError(
            {
                "program": _("Anggaran tidak cukup: terpakai Rp %(dipakai)s + Rp %(biaya)s melebihi Rp %(anggaran)s.")
                % {"dipakai": dipakai, "biaya": program.biaya_per_peserta, "anggaran": alokasi.anggaran}
            }
        )


@transaction.atomic
def alokasi_setujui(*, actor: User, alokasi: Alokasi) -> Alokasi:
    """Approve a finished run: schedule a training record per chosen row, mark the needs
    allocated, notify each chosen pegawai and their atasan (one message each). A run approved
    meanwhile by someone else is refused with a clear message, and so is a run whose chosen
    participants no longer fit the seats another run approved in between has left."""
    alokasi = Alokasi.objects.select_for_update().get(pk=alokasi.pk)
    if alokasi.status == Alokasi.Status.DISETUJUI:
        raise ValidationError(_("Alokasi ini sudah disetujui sebelumnya."))
    if alokasi.status != Alokasi.Status.SELESAI:
        raise ValidationError(_("Hanya alokasi yang selesai yang dapat disetujui."))
    terpilih = list(
        AlokasiPeserta.objects.filter(
            alokasi=alokasi, terpilih=True, kebutuhan__status=KebutuhanPelatihan.Status.TERBUKA
        ).select_related("program", "pegawai__user", "pegawai__atasan__user")
    )
    _periksa_kursi(alokasi, terpilih)
    mulai, selesai = datetime.date(alokasi.tahun, 1, 1), datetime.date(alokasi.tahun, 12, 31)
    RiwayatPelatihan.objects.bulk_create(
        [
            RiwayatPelatihan(
                instansi_id=alokasi.instansi_id,
                pegawai_id=r.pegawai_id,
                tahun=alokasi.tahun,
                program=r.program,
                alokasi_peserta=r,
                kebutuhan_id=r.kebutuhan_id,
                nama=r.program.nama,
                bentuk=r.program.bentuk,
                penyelenggara=r.program.penyelenggara,
                tanggal_mulai=r.program.tanggal_mulai or mulai,
                tanggal_selesai=r.program.tanggal_selesai or selesai,
                jp=r.program.jp,
                biaya=r.program.biaya_per_peserta,
                status=RiwayatPelatihan.Status.TERJADWAL,
                dicatat_oleh=actor,
            )
            for r in terpilih
            if r.program is not None
        ],
        batch_size=2000,
    )
    KebutuhanPelatihan.objects.filter(pk__in=[r.kebutuhan_id for r in terpilih]).update(
        status=KebutuhanPelatihan.Status.DIALOKASIKAN, updated_at=timezone.now()
    )
    now = timezone.now()
    alokasi.status, alokasi.disetujui_oleh, alokasi.disetujui_pada = Alokasi.Status.DISETUJUI, actor, now
    alokasi.save(update_fields=["status", "disetujui_oleh", "disetujui_pada", "updated_at"])
    notifikasi_kirim(pesan=_pesan_persetujuan(alokasi, terpilih))
    audit_record(
        actor=actor,
        subject=alokasi,
        aksi="update",
        instansi_id=alokasi.instansi_id,
        ringkasan=f"Alokasi {alokasi.nama} disetujui",
        perubahan={"status": Alokasi.Status.DISETUJUI, "peserta": len(terpilih)},
    )
    return alokasi


def _periksa_kursi(alokasi: Alokasi, terpilih: list[AlokasiPeserta]) -> None:
    """Refuse the approval when a programme's chosen rows exceed the seats the approved runs have
    left. The programme rows are locked first, so two approvals of the same programmes queue."""
    per_program = Counter(r.program_id for r in terpilih if r.program_id is not None)
    program = list(ProgramPelatihan.objects.select_for_update().filter(pk__in=per_program).order_by("pk"))
    terpakai = kursi_terpakai_map(
        instansi_id=alokasi.instansi_id, program_ids=list(per_program), kecuali_alokasi_id=alokasi.pk
    )
    for p in program:
        sisa = max(p.kursi - terpakai.get(p.pk, 0), 0)
        if per_program[p.pk] > sisa:
            raise ValidationError(
                _(
                    "Kursi %(program)s tinggal %(sisa)s (dipakai alokasi lain yang sudah disetujui), "
                    "sedangkan alokasi ini memilih %(terpilih)s peserta. Keluarkan sebagian peserta dahulu."
                )
                % {"program": p.nama, "sisa": sisa, "terpilih": per_program[p.pk]}
            )


def _pesan_persetujuan(alokasi: Alokasi, terpilih: list[AlokasiPeserta]) -> list[Pesan]:
    saya = reverse("pelatihan:alokasi-saya")
    tim = reverse("pelatihan:alokasi-tim")
    per_pegawai: dict[int, list[str]] = defaultdict(list)
    per_atasan: dict[int, list[str]] = defaultdict(list)
    for r in terpilih:
        if r.program is None:
            continue
        if r.pegawai.user_id:
            per_pegawai[r.pegawai.user_id].append(r.program.nama)
        atasan = r.pegawai.atasan
        if atasan is not None and atasan.user_id:
            per_atasan[atasan.user_id].append(f"{r.pegawai.nama}: {r.program.nama}")
    kunci = f"alokasi:{alokasi.pk}:disetujui"
    out = [
        Pesan(
            user_id=user_id,
            judul=_("Anda terpilih mengikuti pelatihan %(tahun)s") % {"tahun": alokasi.tahun},
            isi="; ".join(sorted(set(nama))),
            tautan=saya,
            kunci=kunci,
        )
        for user_id, nama in per_pegawai.items()
    ]
    out += [
        Pesan(
            user_id=user_id,
            judul=_("Bawahan Anda terpilih mengikuti pelatihan %(tahun)s") % {"tahun": alokasi.tahun},
            isi="; ".join(sorted(baris)),
            tautan=tim,
            kunci=f"{kunci}:atasan",
        )
        for user_id, baris in per_atasan.items()
    ]
    return out


@transaction.atomic
def alokasi_batalkan(*, actor: User, alokasi: Alokasi) -> Alokasi:
    """Cancel a run that is not approved."""
    alokasi = Alokasi.objects.select_for_update().get(pk=alokasi.pk)
    if alokasi.status in (Alokasi.Status.DISETUJUI, Alokasi.Status.DIBATALKAN):
        raise ValidationError(_("Alokasi yang sudah disetujui atau dibatalkan tidak dapat dibatalkan."))
    alokasi.status = Alokasi.Status.DIBATALKAN
    alokasi.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        subject=alokasi,
        aksi="update",
        instansi_id=alokasi.instansi_id,
        ringkasan=f"Alokasi {alokasi.nama} dibatalkan",
        perubahan={"status": Alokasi.Status.DIBATALKAN},
    )
    return alokasi
