"""Demo competency and development data: a standard for every jabatan, assessments with every
potensi level, a catalogue of two years, JP from the records, the demo logins' story,
deterministic, and removable set-based."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Count

from pegawai import demo as pegawai_demo
from pegawai.models import Instansi, Jabatan, Pegawai
from pegawai.selectors import kebijakan_get
from pelatihan import demo
from pelatihan.models import (
    Alokasi,
    AlokasiPeserta,
    KebutuhanPelatihan,
    PasanganMentoring,
    PermintaanPelatihan,
    ProgramPelatihan,
    RiwayatPelatihan,
    SesiMentoring,
)
from pelatihan.rules import Bentuk, JenisKebutuhan
from pelatihan.selectors.dasar import jp_tahun_map
from penilaian import demo as penilaian_demo
from penilaian import demo_kompetensi
from penilaian.models import Asesmen, HasilAsesmenKompetensi, Kompetensi, StandarKompetensi
from penilaian.rules import JenisKompetensi, LevelPotensi, level_potensi
from tests.factories.pegawai import urutan_ulang

ACUAN = datetime.date(2026, 11, 1)
KODE = "kota-sibolga"
pytestmark = pytest.mark.django_db


def _seed(pegawai: int = 200, seed: int = 1, kode: str = KODE) -> Instansi:
    inst = pegawai_demo.instansi_seed(kode=kode, pegawai=pegawai, seed=seed, acuan=ACUAN).instansi
    penilaian_demo.demo_isi(instansi=inst, acuan=ACUAN, seed=seed, siklus=False)
    demo.demo_isi(instansi=inst, acuan=ACUAN, seed=seed)
    return inst


def _jumlah(inst: Instansi) -> dict[str, int]:
    out = {m.__name__: demo._qs_instansi(m, inst).count() for m in demo._MODEL_HAPUS}
    out.update({m.__name__: demo_kompetensi._qs_instansi(m, inst).count() for m in demo_kompetensi._MODEL_HAPUS})
    return out


def _gambaran(inst: Instansi) -> dict[str, Any]:
    """The data keyed by NIP, codes and text (ids differ between builds)."""
    return {
        "jumlah": _jumlah(inst),
        "standar": sorted(
            StandarKompetensi.objects.filter(jabatan__instansi=inst).values_list(
                "jabatan__unit_kerja__kode", "jabatan__nama", "kompetensi__kode", "level"
            )
        ),
        "asesmen": sorted(
            HasilAsesmenKompetensi.objects.filter(asesmen__instansi=inst).values_list(
                "asesmen__pegawai__nip", "asesmen__tanggal", "asesmen__metode", "asesmen__skor_potensi",
                "kompetensi__kode", "level",
            )
        ),
        "program": sorted(
            ProgramPelatihan.objects.filter(instansi=inst).values_list(
                "tahun", "kode", "jp", "biaya_per_peserta", "jumlah_angkatan", "tanggal_mulai"
            )
        ),
        "riwayat": sorted(
            RiwayatPelatihan.objects.filter(instansi=inst).values_list(
                "pegawai__nip", "tahun", "program__kode", "status", "jp", "nilai_evaluasi"
            )
        ),
        "permintaan": sorted(
            PermintaanPelatihan.objects.filter(instansi=inst).values_list("pegawai__nip", "program__kode", "status")
        ),
        "pasangan": sorted(
            PasanganMentoring.objects.filter(instansi=inst).values_list("mentor__nip", "mentee__nip", "status", "skor")
        ),
        "kebutuhan": sorted(
            KebutuhanPelatihan.objects.filter(instansi=inst).values_list(
                "pegawai__nip", "jenis", "kompetensi__kode", "program__kode", "permintaan__program__kode", "prioritas"
            )
        ),
    }  # fmt: skip


def test_competencies_catalogue_records_and_the_demo_logins() -> None:
    inst = _seed()
    # a standard for every jabatan: eight manajerial at the level of the type, Perekat Bangsa at 3
    jabatan = Jabatan.objects.filter(instansi=inst)
    assert not jabatan.annotate(n=Count("standar_kompetensi")).filter(n__lt=9).exists()
    standar = StandarKompetensi.objects.filter(jabatan__instansi=inst)
    per_jenis: dict[str, set[int]] = {}
    for jenis, level in standar.filter(kompetensi__jenis=JenisKompetensi.MANAJERIAL).values_list(
        "jabatan__jenis", "level"
    ):
        per_jenis.setdefault(jenis, set()).add(level)
    assert per_jenis[Jabatan.Jenis.JPT_PRATAMA] == {4, 5}
    assert per_jenis[Jabatan.Jenis.ADMINISTRATOR] == {3, 4}
    assert per_jenis[Jabatan.Jenis.PENGAWAS] == {3}
    assert per_jenis[Jabatan.Jenis.PELAKSANA] == {2, 3}
    assert set(standar.filter(kompetensi__kode="SK1").values_list("level", flat=True)) == {3}
    teknis = Kompetensi.objects.filter(instansi=inst, jenis=JenisKompetensi.TEKNIS)
    assert 3 <= teknis.count() <= 5
    assert all(len(k.deskripsi_level) == 5 for k in teknis)
    assert standar.filter(kompetensi__in=teknis).exists()
    # assessments: about a third, every structural holder, every potensi level, the last 3 years
    aktif = Pegawai.objects.filter(instansi=inst, status=Pegawai.Status.AKTIF, jabatan__isnull=False)
    asesmen = Asesmen.objects.filter(instansi=inst)
    dinilai = set(asesmen.values_list("pegawai_id", flat=True))
    assert 0.3 < len(dinilai) / aktif.count() < 0.75
    struktural = aktif.filter(jabatan__jenis__in=demo_kompetensi.STRUKTURAL).values_list("id", flat=True)
    assert set(struktural) <= dinilai
    kb = kebijakan_get(instansi=inst)
    potensi = Counter(
        level_potensi(s, tinggi=kb.potensi_tinggi_minimal, menengah=kb.potensi_menengah_minimal)
        for s in asesmen.values_list("skor_potensi", flat=True)
        if s is not None
    )
    assert set(potensi) == set(LevelPotensi)
    assert asesmen.values("pegawai").annotate(n=Count("id")).filter(n=2).exists()
    assert not asesmen.filter(tanggal__lt=ACUAN - datetime.timedelta(days=3 * 365)).exists()
    assert not asesmen.filter(tanggal__gt=ACUAN).exists()
    # levels mostly at or one below the standard, some above
    selisih: Counter[int] = Counter()
    std = {(j, k): lv for j, k, lv in standar.values_list("jabatan_id", "kompetensi_id", "level")}
    for jab, komp, level in HasilAsesmenKompetensi.objects.filter(asesmen__instansi=inst).values_list(
        "asesmen__pegawai__jabatan_id", "kompetensi_id", "level"
    ):
        selisih[level - std[(jab, komp)]] += 1
    n = sum(selisih.values())
    assert (selisih[0] + selisih[-1]) / n > 0.7
    assert selisih[1] > 0
    # the catalogue of two years, realistic JP and cost, the leadership training mandatory
    program = ProgramPelatihan.objects.filter(instansi=inst)
    per_tahun = Counter(program.values_list("tahun", flat=True))
    assert per_tahun == {2025: per_tahun[2026], 2026: per_tahun[2026]}
    assert 30 <= per_tahun[2026] <= 40
    assert not program.filter(jp__lt=2).exists()
    assert not program.filter(jp__gt=160).exists()
    assert not program.filter(biaya_per_peserta__gt=25_000_000).exists()
    assert program.filter(biaya_per_peserta=0).exists()
    assert set(program.values_list("bentuk", flat=True)) >= {
        Bentuk.KLASIKAL, Bentuk.E_LEARNING, Bentuk.COACHING, Bentuk.SEMINAR, Bentuk.TUGAS_BELAJAR,
    }  # fmt: skip
    assert program.filter(untuk_kinerja=True).exists()
    pkp = program.get(tahun=2026, kode=demo.KODE_PKP)
    assert pkp.wajib_jenis_jabatan == [Jabatan.Jenis.PENGAWAS]
    manajerial = program.filter(tahun=2026, kompetensi__jenis=JenisKompetensi.MANAJERIAL, kode__startswith="M")
    assert set(manajerial.values_list("kompetensi_dibangun__level", flat=True)) == {2, 3, 4}
    # JP per year computed from the records: a quarter without any last year, most others ≤ 40
    ids = list(Pegawai.objects.filter(instansi=inst, status=Pegawai.Status.AKTIF).values_list("id", flat=True))
    lalu = jp_tahun_map(instansi_id=inst.pk, tahun=2025)
    tanpa = sum(1 for p in ids if p not in lalu)
    assert 0.15 < tanpa / len(ids) < 0.35
    assert sum(1 for jp in lalu.values() if jp <= 40) > 0.8 * len(lalu)
    contoh = next(iter(lalu))
    assert lalu[contoh] == sum(
        RiwayatPelatihan.objects.filter(pegawai_id=contoh, tahun=2025, status="selesai").values_list("jp", flat=True)
    )
    kini = RiwayatPelatihan.objects.filter(instansi=inst, tahun=2026)
    assert not kini.filter(status="selesai", tanggal_selesai__gte=ACUAN).exists()
    assert kini.filter(status="terjadwal").exists()
    assert not kini.filter(status="terjadwal", tanggal_selesai__lt=ACUAN).exists()
    # the demo logins: the pegawai below 20 JP this year, requests waiting for the atasan, a pair
    atasan = pegawai_demo.demo_atasan(inst)
    assert atasan is not None
    pegawai = pegawai_demo.demo_pegawai(atasan)
    assert pegawai is not None
    jp_demo = jp_tahun_map(instansi_id=inst.pk, tahun=2026, pegawai_ids=[pegawai.pk]).get(pegawai.pk, Decimal(0))
    assert Decimal(0) < jp_demo < 20
    assert Asesmen.objects.filter(pegawai__in=[pegawai, atasan]).count() >= 2
    menunggu = PermintaanPelatihan.objects.filter(pegawai__atasan=atasan, status="diajukan")
    assert menunggu.count() >= 2
    assert PermintaanPelatihan.objects.filter(instansi=inst, status="didukung").exists()
    pasangan = PasanganMentoring.objects.get(mentee=pegawai, tahun=2026)
    assert (pasangan.mentor_id, pasangan.status) == (atasan.pk, "aktif")
    assert SesiMentoring.objects.filter(pasangan=pasangan).exists()
    assert PasanganMentoring.objects.filter(instansi=inst, status="usulan").count() == 1
    # the product's derivation ran: needs of every kind the data calls for
    kebutuhan = set(KebutuhanPelatihan.objects.filter(instansi=inst, tahun=2026).values_list("jenis", flat=True))
    assert {JenisKebutuhan.KOMPETENSI, JenisKebutuhan.JP, JenisKebutuhan.PERMINTAAN} <= kebutuhan
    assert KebutuhanPelatihan.objects.filter(pegawai=pegawai, jenis=JenisKebutuhan.JP).exists()
    # one allocation run, solved within a budget that covers only part of the needs
    alokasi = Alokasi.objects.get(instansi=inst, tahun=2026)
    assert alokasi.status == Alokasi.Status.SELESAI
    peserta = AlokasiPeserta.objects.filter(alokasi=alokasi)
    assert 0 < peserta.filter(terpilih=True).count() < peserta.count()
    assert sum(peserta.filter(terpilih=True).values_list("biaya", flat=True)) <= alokasi.anggaran


def test_same_seed_same_data_and_demo_hapus_removes_it() -> None:
    urutan_ulang("pegawai", "penilaian", "pelatihan")
    first = _gambaran(_seed(pegawai=80))
    assert all(
        v > 0
        for k, v in first["jumlah"].items()
        if k not in ("TargetJabatan", "PenjodohanMentoring", "Alokasi_program")
    )
    assert pegawai_demo.instansi_reset(kode=KODE)
    urutan_ulang("pegawai", "penilaian", "pelatihan")
    inst = _seed(pegawai=80)
    assert _gambaran(inst) == first
    assert demo.demo_isi(instansi=inst, acuan=ACUAN, seed=1) == {}
    other = _seed(pegawai=40, kode="kota-sawahlunto", seed=2)
    before = _jumlah(other)
    assert demo.demo_hapus(instansi=inst) > 0
    assert demo_kompetensi.kompetensi_demo_hapus(instansi=inst) > 0
    assert set(_jumlah(inst).values()) == {0}
    assert _jumlah(other) == before
    assert Kompetensi.objects.filter(instansi=None).count() == 9
    assert pegawai_demo.instansi_reset(kode="kota-sawahlunto")
    assert not ProgramPelatihan.objects.filter(instansi__kode="kota-sawahlunto").exists()
