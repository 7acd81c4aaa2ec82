"""seed_demo: deterministic, internally consistent demo data, built with bulk inserts."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from pegawai import demo
from pegawai.models import (
    HukumanDisiplin,
    Instansi,
    Jabatan,
    Pegawai,
    RiwayatJabatan,
    RiwayatPangkat,
    RiwayatPendidikan,
    UnitKerja,
    User,
)
from pegawai.rules import ni_pppk_check, nik_check, nip_check_profile
from pegawai.services import atasan_recompute

# DOMAIN.md §6: the highest golongan reachable with each education
PLAFON = {"SD": "II/a", "SLTP": "II/c", "SLTP_KEJ": "II/d", "SLTA": "III/b", "D1": "III/b", "D2": "III/b",
          "D3": "III/c", "D4": "III/d", "S1": "III/d", "PROFESI": "IV/a", "S2": "IV/a", "S3": "IV/b"}  # fmt: skip
URUT = ["I/a", "I/b", "I/c", "I/d", "II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d", "IV/a",
        "IV/b", "IV/c", "IV/d", "IV/e"]  # fmt: skip


@pytest.fixture
def seeded(db: None) -> Instansi:
    call_command("seed_demo", "--pegawai", "300", "--seed", "1", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Instansi.objects.get(kode="kota-sibolga")


def _snapshot(inst: Instansi) -> list[tuple[str, str, str]]:
    return list(Pegawai.objects.filter(instansi=inst).order_by("nip").values_list("nip", "nama", "gelar_belakang"))


def test_counts_and_second_instansi(seeded: Instansi) -> None:
    assert Pegawai.objects.filter(instansi=seeded).count() == 300
    other = Instansi.objects.get(kode="kota-sawahlunto")
    assert Pegawai.objects.filter(instansi=other).count() == demo.PEGAWAI_PENDAMPING
    pns = Pegawai.objects.filter(instansi=seeded, jenis_asn="PNS").count()
    assert 0.7 < pns / 300 < 0.97
    assert Pegawai.objects.filter(instansi=seeded, status="cltn").exists()
    assert Pegawai.objects.filter(instansi=seeded, status="pensiun").exists()
    assert set(Pegawai.objects.filter(instansi=seeded).values_list("jenis_kelamin", flat=True)) == {"L", "P"}
    # an organisation with vacancies, sekolah and puskesmas as unit layanan
    assert UnitKerja.objects.filter(instansi=seeded, jenis="sekolah", is_unit_layanan=True).exists()
    assert UnitKerja.objects.filter(instansi=seeded, jenis="puskesmas", is_unit_layanan=True).exists()
    assert UnitKerja.objects.filter(instansi=seeded, jenis="kelurahan").exists()
    kosong = Jabatan.objects.filter(instansi=seeded, pemangku__isnull=True)
    assert kosong.exists()
    assert Jabatan.objects.filter(instansi=seeded, jenis="fungsional_keahlian", jenjang="ahli_muda").exists()
    assert Jabatan.objects.filter(instansi=seeded, jenis="fungsional_keterampilan", jenjang="terampil").exists()
    assert RiwayatPendidikan.objects.filter(pegawai__instansi=seeded).count() >= 300


def test_deterministic_with_the_same_seed(seeded: Instansi) -> None:
    first = _snapshot(seeded)
    call_command("seed_demo", "--pegawai", "300", "--seed", "1", "--reset", stdout=open("/dev/null", "w"))  # noqa: SIM115
    again = Instansi.objects.get(kode="kota-sibolga")
    assert again.pk != seeded.pk
    assert _snapshot(again) == first
    call_command("seed_demo", "--pegawai", "300", "--seed", "2", "--reset", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _snapshot(Instansi.objects.get(kode="kota-sibolga")) != first


def test_identifiers_valid_against_the_profile(seeded: Instansi) -> None:
    rows = Pegawai.objects.filter(instansi__kode__in=["kota-sibolga", "kota-sawahlunto"])
    nips = list(rows.values_list("nip", flat=True))
    assert len(nips) == len(set(nips))
    for p in rows:
        if p.jenis_asn == "PNS":
            nip_check_profile(p.nip, tanggal_lahir=p.tanggal_lahir, jenis_kelamin=p.jenis_kelamin, tmt_cpns=p.tmt_cpns)
        else:
            ni_pppk_check(p.nip)
        nik_check(p.nik, tanggal_lahir=p.tanggal_lahir, jenis_kelamin=p.jenis_kelamin)
        assert p.user is not None
        assert p.user.username == p.nip


def test_ranks_dates_and_histories_consistent(seeded: Instansi) -> None:
    today = datetime.date.today()
    chains: dict[int, list[tuple[datetime.date, str]]] = {}
    for pid, tmt, kode in RiwayatPangkat.objects.filter(pegawai__instansi=seeded).values_list(
        "pegawai_id", "tmt", "golongan__kode"
    ):
        chains.setdefault(pid, []).append((tmt, kode))
    over_four = 0
    for p in Pegawai.objects.filter(instansi=seeded).select_related("golongan"):
        assert p.tmt_cpns > p.tanggal_lahir
        assert p.tmt_cpns <= p.tmt_golongan <= today
        if p.tmt_jabatan is not None:
            assert p.tmt_cpns <= p.tmt_jabatan <= today
        if p.status == "aktif":
            assert (today - p.tanggal_lahir).days < 58 * 366
        chain = sorted(chains[p.pk])
        assert chain[0][0] == p.tmt_cpns
        assert chain[-1] == (p.tmt_golongan, p.golongan.kode)
        if p.jenis_asn == "PNS":
            assert URUT.index(p.golongan.kode) <= URUT.index(PLAFON[p.pendidikan_terakhir]), p.nip
            ranks = [URUT.index(k) for _t, k in chain]
            assert ranks == sorted(ranks)
            assert len(set(ranks)) == len(ranks)
            gaps = [(b[0] - a[0]).days for a, b in itertools.pairwise(chain)]
            assert all(g >= 4 * 365 for g in gaps)
            if (today - p.tmt_golongan).days > 4 * 365:
                over_four += 1
    assert over_four > 10
    current = RiwayatJabatan.objects.filter(pegawai__instansi=seeded, tmt_selesai__isnull=True)
    assert current.count() == Pegawai.objects.filter(instansi=seeded, jabatan__isnull=False).count()
    assert RiwayatJabatan.objects.filter(pegawai__instansi=seeded, tmt_selesai__isnull=False).exists()
    for h in HukumanDisiplin.objects.filter(pegawai__instansi=seeded):
        assert h.jenis in HukumanDisiplin.TINGKAT_JENIS[h.tingkat]


def test_paths_and_atasan_consistent(seeded: Instansi) -> None:
    units = {u.pk: u for u in UnitKerja.objects.filter(instansi=seeded)}
    for u in units.values():
        parent = units.get(u.parent_id) if u.parent_id else None
        assert u.path == f"{parent.path if parent else ''}{u.pk}/"
        assert u.depth == (parent.depth + 1 if parent else 0)
    jabatan = {j.pk: j for j in Jabatan.objects.filter(instansi=seeded)}
    for j in jabatan.values():
        atasan = jabatan.get(j.atasan_id) if j.atasan_id else None
        assert j.path == f"{atasan.path if atasan else ''}{j.pk}/"
    for p in Pegawai.objects.filter(instansi=seeded).select_related("jabatan"):
        if p.jabatan is not None:
            assert p.unit_kerja_id == p.jabatan.unit_kerja_id
    # the stored atasan is exactly what the service derives, and only the top has none
    assert atasan_recompute(instansi_id=seeded.pk) == 0
    tanpa = Pegawai.objects.filter(instansi=seeded, status="aktif", atasan__isnull=True)
    assert [p.jabatan.atasan_id for p in tanpa.select_related("jabatan")] == [None]


def test_demo_logins_work(seeded: Instansi) -> None:
    logins = {r["peran"]: r for r in demo.demo_logins()}
    assert {"Petugas BKD", "Pimpinan", "Atasan (kepala seksi)", "Pegawai (pelaksana)", "Superuser"} <= set(logins)
    for r in demo.demo_logins():
        client = Client()
        response = client.post(reverse("masuk"), {"username": r["username"], "password": r["password"]})
        assert response.status_code == 302, r
        assert client.session["_auth_user_id"] == str(User.objects.get(username=r["username"]).pk)
    atasan = Pegawai.objects.get(nip=logins["Atasan (kepala seksi)"]["username"])
    assert atasan.jabatan.jenis == "pengawas"
    assert Pegawai.objects.filter(atasan=atasan).count() >= 3
    bawahan = Pegawai.objects.get(nip=logins["Pegawai (pelaksana)"]["username"])
    assert bawahan.atasan_id == atasan.pk
    assert bawahan.jabatan.jenis == "pelaksana"
    assert User.objects.get(username="bkd").instansi == seeded
    assert User.objects.get(username="bkd.sawahlunto").instansi.kode == "kota-sawahlunto"


def test_second_run_without_reset_changes_nothing(seeded: Instansi) -> None:
    before = (_snapshot(seeded), User.objects.count(), Jabatan.objects.count(), UnitKerja.objects.count())
    call_command("seed_demo", "--pegawai", "500", stdout=open("/dev/null", "w"))  # noqa: SIM115
    after = (_snapshot(seeded), User.objects.count(), Jabatan.objects.count(), UnitKerja.objects.count())
    assert after == before


def test_reset_removes_the_instansi_and_keeps_golongan(seeded: Instansi) -> None:
    from pegawai.models import Golongan

    golongan = Golongan.objects.count()
    assert demo.instansi_reset(kode="kota-sibolga")
    assert not Instansi.objects.filter(kode="kota-sibolga").exists()
    assert not User.objects.filter(username="bkd").exists()
    assert Golongan.objects.count() == golongan
    assert Pegawai.objects.filter(instansi__kode="kota-sawahlunto").count() == demo.PEGAWAI_PENDAMPING
    assert not demo.instansi_reset(kode="kota-sibolga")
