"""Import of pegawai: reading, validation and the import services (all or nothing, update by NIP)."""

from __future__ import annotations

import csv
import datetime
import io
import itertools
from typing import Any

from pegawai.impor import KOLOM
from pegawai.rules import nik_build, nip_build

_urut = itertools.count(101)


def baris(**overrides: Any) -> dict[str, Any]:
    """A valid row for the persona organisation (unit DINKES-YAN-1, jabatan Pengadministrasi Umum)."""
    urutan = next(_urut)
    jk = overrides.pop("_jk", "L" if urutan % 2 else "P")
    lahir = overrides.pop("_lahir", datetime.date(1980 + urutan % 15, 1 + urutan % 12, 1 + urutan % 27))
    tmt = datetime.date(lahir.year + 24, 2, 1)
    row = {
        "nip": nip_build(tanggal_lahir=lahir, tmt_cpns=tmt, jenis_kelamin=jk, urutan=urutan % 999 + 1),
        "nama": f"Pegawai Impor {urutan}",
        "gelar_depan": "",
        "gelar_belakang": "S.E.",
        "jenis_asn": "PNS",
        "jenis_kelamin": jk,
        "tempat_lahir": "Sibolga",
        "tanggal_lahir": lahir.isoformat(),
        "nik": nik_build(kode_wilayah="127101", tanggal_lahir=lahir, jenis_kelamin=jk, urutan=urutan),
        "email": f"impor{urutan}@example.go.id",
        "pendidikan": "S1",
        "tmt_cpns": tmt.isoformat(),
        "golongan": "III/a",
        "tmt_golongan": tmt.isoformat(),
        "kode_unit": "DINKES-YAN-1",
        "jabatan": "Pengadministrasi Umum",
        "tmt_jabatan": tmt.isoformat(),
        "status": "",
    }
    row.update(overrides)
    return row


def csv_bytes(rows: list[dict[str, Any]], *, delimiter: str = ",", bom: bool = False, kolom=KOLOM) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(kolom)
    for row in rows:
        writer.writerow([row.get(k, "") for k in kolom])
    return out.getvalue().encode("utf-8-sig" if bom else "utf-8")


def xlsx_bytes(rows: list[list[Any]], header=KOLOM) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# Tests

import pytest  # noqa: E402
from django.contrib.auth.hashers import is_password_usable  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.base import CommandError  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from common.models import AuditLog  # noqa: E402
from pegawai import services  # noqa: E402
from pegawai.impor import (  # noqa: E402
    impor_pegawai_create,
    impor_pegawai_run,
    impor_rows_write,
    impor_validate,
)
from pegawai.models import ImporPegawai, Pegawai, RiwayatJabatan, RiwayatPangkat, User  # noqa: E402

TEKS_KOLOM = "Format kolom nip sebagai Teks"


def impor(org, data: bytes, nama_file: str = "pegawai.csv") -> ImporPegawai:
    return impor_pegawai_create(actor=org.bkd, instansi=org.instansi, berkas=io.BytesIO(data), nama_file=nama_file)


def galat_set(obj: ImporPegawai) -> set[tuple[int, str]]:
    return {(g["baris"], g["kolom"]) for g in obj.galat}


def test_good_file_creates_pegawai_with_riwayat_logins_and_audit(org):
    rows = [
        baris(),
        baris(golongan="III/b", tmt_golongan="2015-04-01", _lahir=datetime.date(1985, 6, 7)),
        baris(
            jenis_asn="PPPK",
            nip="199211032022212003",
            golongan="vii",
            kode_unit="pkm-01",
            jabatan="Perawat Terampil",
            pendidikan="D-III",
            _jk="P",
        ),
        baris(jabatan="", tmt_jabatan="", status="cltn"),
    ]
    before = Pegawai.objects.count()
    obj = impor(org, csv_bytes(rows))
    assert obj.status == ImporPegawai.Status.BERHASIL, obj.galat
    assert (obj.total_baris, obj.baris_diproses, obj.jumlah_baru, obj.jumlah_diperbarui) == (4, 4, 4, 0)
    assert obj.persen == 100
    assert Pegawai.objects.count() == before + 4

    p = Pegawai.objects.select_related("user", "golongan", "jabatan", "unit_kerja").get(nip=rows[1]["nip"])
    assert p.instansi == org.instansi
    assert p.golongan.kode == "III/b"
    assert p.tmt_golongan == datetime.date(2015, 4, 1)
    assert p.jabatan == org.jabatan_pelaksana
    assert p.unit_kerja == org.seksi
    assert p.status == Pegawai.Status.AKTIF
    assert p.gelar_belakang == "S.E."
    # a login named after the NIP, with no usable password until one is set
    assert p.user.username == p.nip
    assert p.user.instansi == org.instansi
    assert p.user.peran == User.Peran.PEGAWAI
    assert not is_password_usable(p.user.password)
    # first riwayat rows, as pegawai_create writes them
    pangkat = list(RiwayatPangkat.objects.filter(pegawai=p).values_list("golongan__kode", "tmt", "jenis"))
    assert pangkat == [("III/b", datetime.date(2015, 4, 1), RiwayatPangkat.Jenis.REGULER)]
    jabatan = RiwayatJabatan.objects.get(pegawai=p)
    assert (jabatan.jabatan, jabatan.nama_unit, jabatan.tmt_selesai) == (org.jabatan_pelaksana, org.seksi.nama, None)
    # derived atasan recomputed once at the end
    assert p.atasan == org.atasan
    # one audit row per pegawai, by the uploader
    log = AuditLog.objects.get(pegawai_id=p.pk)
    assert (log.aksi, log.actor, log.instansi_id) == (AuditLog.Aksi.IMPORT, org.bkd, org.instansi.pk)

    pppk = Pegawai.objects.select_related("golongan").get(nip="199211032022212003")
    assert (pppk.jenis_asn, pppk.golongan.kode, pppk.golongan.jenis_asn) == ("PPPK", "VII", "PPPK")
    assert pppk.pendidikan_terakhir == "D3"
    assert pppk.jabatan == org.jabatan_perawat
    assert RiwayatPangkat.objects.get(pegawai=pppk).jenis == RiwayatPangkat.Jenis.CPNS
    tanpa = Pegawai.objects.get(nip=rows[3]["nip"])
    assert (tanpa.jabatan, tanpa.status, tanpa.unit_kerja) == (None, Pegawai.Status.CLTN, org.seksi)
    assert not RiwayatJabatan.objects.filter(pegawai=tanpa).exists()


def test_the_downloadable_template_imports_cleanly(org):
    with open("static/contoh/impor_pegawai.csv", "rb") as f:
        obj = impor(org, f.read())
    assert obj.status == ImporPegawai.Status.BERHASIL, obj.galat
    assert obj.jumlah_baru == 2
    with open("static/contoh/impor_pegawai.xlsx", "rb") as f:
        again = impor(org, f.read(), "impor_pegawai.xlsx")
    assert again.status == ImporPegawai.Status.BERHASIL, again.galat
    assert (again.jumlah_baru, again.jumlah_diperbarui) == (0, 0)


def test_reimport_updates_by_nip_without_duplicates(org):
    rows = [baris(), baris(), baris()]
    first = impor(org, csv_bytes(rows))
    assert first.status == ImporPegawai.Status.BERHASIL
    count = Pegawai.objects.count()
    users = User.objects.count()
    audits = AuditLog.objects.count()

    same = impor(org, csv_bytes(rows))
    assert same.status == ImporPegawai.Status.BERHASIL
    assert (same.jumlah_baru, same.jumlah_diperbarui) == (0, 0)
    assert (Pegawai.objects.count(), User.objects.count(), AuditLog.objects.count()) == (count, users, audits)

    target = Pegawai.objects.get(nip=rows[1]["nip"])
    old_nama = rows[1]["nama"]
    rows[1] = {
        **rows[1],
        "nama": "Nama Baru",
        "golongan": "III/b",
        "tmt_golongan": "2020-10-01",
        "kode_unit": "PKM-01",
        "jabatan": "Perawat Terampil",
        "tmt_jabatan": "2021-01-04",
    }
    rows[2] = {**rows[2], "status": "pensiun"}
    changed = impor(org, csv_bytes(rows))
    assert changed.status == ImporPegawai.Status.BERHASIL, changed.galat
    assert (changed.jumlah_baru, changed.jumlah_diperbarui) == (0, 2)
    assert Pegawai.objects.count() == count
    target.refresh_from_db()
    assert (target.nama, target.golongan.kode, target.tmt_golongan) == (
        "Nama Baru",
        "III/b",
        datetime.date(2020, 10, 1),
    )
    assert (target.jabatan, target.unit_kerja) == (org.jabatan_perawat, org.puskesmas)
    assert target.atasan == org.kepala_puskesmas
    # untouched fields stay as they were
    assert target.nik == rows[1]["nik"]
    # riwayat: the new golongan with its TMT; the old jabatan closed at the new TMT, the new one open
    assert list(RiwayatPangkat.objects.filter(pegawai=target).order_by("tmt").values_list("golongan__kode", "tmt")) == [
        ("III/a", datetime.date.fromisoformat(rows[1]["tmt_cpns"])),
        ("III/b", datetime.date(2020, 10, 1)),
    ]
    riwayat = list(RiwayatJabatan.objects.filter(pegawai=target).order_by("tmt"))
    assert [(r.jabatan, r.tmt_selesai) for r in riwayat] == [
        (org.jabatan_pelaksana, datetime.date(2021, 1, 4)),
        (org.jabatan_perawat, None),
    ]
    log = AuditLog.objects.filter(pegawai_id=target.pk, aksi=AuditLog.Aksi.IMPORT).order_by("-id").first()
    assert log.perubahan["nama"] == {"lama": old_nama, "baru": "Nama Baru"}
    assert set(log.perubahan) == {"nama", "golongan_id", "tmt_golongan", "unit_kerja_id", "jabatan_id", "tmt_jabatan"}
    assert Pegawai.objects.get(nip=rows[2]["nip"]).status == Pegawai.Status.PENSIUN
    # an empty status column leaves the status alone on update
    assert Pegawai.objects.get(nip=rows[0]["nip"]).status == Pegawai.Status.AKTIF


def test_new_pegawai_are_written_with_their_atasan(org):
    # a new Kepala Puskesmas who has served longest takes the lead of the jabatan; a new perawat
    # and the existing one report to her, and she to the Kepala Dinas
    Pegawai.objects.filter(pk=org.kepala_puskesmas.pk).update(tmt_jabatan=datetime.date(2020, 1, 1))
    kapus = baris(kode_unit="PKM-01", jabatan="Kepala Puskesmas Kota Sibolga", _lahir=datetime.date(1975, 5, 5))
    perawat = baris(kode_unit="PKM-01", jabatan="Perawat Terampil")
    staf = baris()
    with CaptureQueriesContext(connection) as ctx:
        obj = impor(org, csv_bytes([perawat, kapus, staf]))
    assert obj.status == ImporPegawai.Status.BERHASIL, obj.galat
    baru = {p.nip: p for p in Pegawai.objects.filter(nip__in=[perawat["nip"], kapus["nip"], staf["nip"]])}
    assert baru[kapus["nip"]].atasan == org.kepala_dinas
    assert baru[perawat["nip"]].atasan == baru[kapus["nip"]]
    assert baru[staf["nip"]].atasan == org.atasan
    org.unrelated.refresh_from_db()
    assert org.unrelated.atasan == baru[kapus["nip"]]
    if connection.vendor == "postgresql":
        # the new rows carry their atasan from the start: only the existing perawat is updated
        updates = [q["sql"] for q in ctx.captured_queries if "SET atasan_id" in q["sql"]]
        assert len(updates) == 1
        assert f"unnest('{{{org.unrelated.pk}}}'" in updates[0]
    assert services.atasan_recompute(instansi_id=org.instansi.pk) == 0


def test_file_with_bad_rows_imports_nothing_and_reports_every_error(org):
    good = baris()
    rows = [
        good,  # row 2
        baris(nip="19881345" + "2012031001"),  # 3: NIP with no valid birth date
        baris(_jk="P", nip=None),  # 4: gender digit does not match (patched below)
        baris(nip="19880514201203100"),  # 5: 17 digits
        baris(nip="19880514201203100A"),  # 6: letters
        baris(golongan="V/a"),  # 7: unknown golongan
        baris(kode_unit="TIDAK-ADA"),  # 8: unknown unit
        dict(good),  # 9: the same NIP again in the file
        baris(tmt_golongan="2010-02-30"),  # 10: not a calendar date
        baris(jenis_kelamin="X", pendidikan="SMA", tmt_jabatan="kemarin"),  # 11: three errors
        baris(jabatan="Kepala Bidang Pelayanan Kesehatan"),  # 12: jabatan of another unit
        baris(nama="", golongan="IX"),  # 13: missing name; IX is a PPPK golongan, not PNS
    ]
    wrong_gender = baris(_jk="L")
    rows[2] = {**wrong_gender, "jenis_kelamin": "P", "nik": ""}
    before = (Pegawai.objects.count(), User.objects.count(), RiwayatPangkat.objects.count(), AuditLog.objects.count())

    obj = impor(org, csv_bytes(rows))

    assert obj.status == ImporPegawai.Status.GAGAL
    assert (
        Pegawai.objects.count(),
        User.objects.count(),
        RiwayatPangkat.objects.count(),
        AuditLog.objects.count(),
    ) == before
    assert (obj.jumlah_baru, obj.jumlah_diperbarui, obj.total_baris) == (0, 0, 12)
    assert galat_set(obj) == {
        (3, "nip"),
        (4, "nip"),
        (5, "nip"),
        (6, "nip"),
        (7, "golongan"),
        (8, "kode_unit"),
        (9, "nip"),
        (10, "tmt_golongan"),
        (11, "jenis_kelamin"),
        (11, "pendidikan"),
        (11, "tmt_jabatan"),
        (12, "jabatan"),
        (13, "nama"),
        (13, "golongan"),
    }
    pesan = {(g["baris"], g["kolom"]): g["pesan"] for g in obj.galat}
    assert pesan[(3, "nip")] == "Digit 1–8 NIP bukan tanggal lahir yang valid."
    assert pesan[(4, "nip")] == "Digit 15 NIP (jenis kelamin) tidak sesuai dengan jenis kelamin."
    assert pesan[(5, "nip")] == pesan[(6, "nip")] == "NIP harus tepat 18 angka."
    assert "V/a" in pesan[(7, "golongan")]
    assert "PNS" in pesan[(7, "golongan")]
    assert "TIDAK-ADA" in pesan[(8, "kode_unit")]
    assert "baris 2" in pesan[(9, "nip")]
    # a duplicate is reported even when the repeated row is itself wrong
    again = impor(org, csv_bytes([good, {**baris(), "nip": good["nip"]}]))
    assert [(g["baris"], g["kolom"]) for g in again.galat] == [(3, "nip")]
    assert "baris 2" in again.galat[0]["pesan"]
    assert "kalender" in pesan[(10, "tmt_golongan")]
    assert "L (laki-laki) atau P (perempuan)" in pesan[(11, "jenis_kelamin")]
    assert "wajib diisi" in pesan[(13, "nama")]
    # errors come in row order, as the user reads the sheet
    assert [g["baris"] for g in obj.galat] == sorted(g["baris"] for g in obj.galat)


def test_missing_required_columns_are_reported_on_the_header_row(org):
    data = csv_bytes([baris()], kolom=[k for k in KOLOM if k not in ("golongan", "kode_unit")])
    obj = impor(org, data)
    assert obj.status == ImporPegawai.Status.GAGAL
    assert galat_set(obj) == {(1, "golongan"), (1, "kode_unit")}


def test_empty_and_unreadable_files(org):
    assert impor(org, csv_bytes([])).galat[0]["pesan"].startswith("Berkas tidak berisi baris data")
    latin = csv_bytes([baris(nama="Pegawai Ñ")]).decode().encode("latin-1")
    with pytest.raises(ValidationError, match="UTF-8"):
        impor(org, latin)
    with pytest.raises(ValidationError, match="XLSX tidak dapat dibaca"):
        impor(org, b"not a zip file", "pegawai.xlsx")
    with pytest.raises(ValidationError, match=r"\.csv atau \.xlsx"):
        impor(org, b"nip\n1", "pegawai.txt")


def test_csv_with_semicolons_and_bom(org):
    rows = [baris(), baris(tanggal_lahir="", _lahir=datetime.date(1990, 12, 5))]
    rows[1]["tanggal_lahir"] = "05-12-1990"  # DD-MM-YYYY
    data = csv_bytes(rows, delimiter=";", bom=True)
    assert data.startswith(b"\xef\xbb\xbf")
    obj = impor(org, data)
    assert obj.status == ImporPegawai.Status.BERHASIL, obj.galat
    assert Pegawai.objects.get(nip=rows[1]["nip"]).tanggal_lahir == datetime.date(1990, 12, 5)


def _xlsx_row(row: dict[str, Any]) -> list[Any]:
    return [row[k] for k in KOLOM]


def test_xlsx_numeric_nip_is_rejected_with_the_text_column_message(org):
    ok = baris()
    angka = baris()
    ilmiah = baris()
    petik = baris()
    cells = [_xlsx_row(ok) for _r in range(1)]
    cells.append(_xlsx_row({**angka, "nip": int(angka["nip"])}))
    cells.append(_xlsx_row({**ilmiah, "nip": float(ilmiah["nip"])}))
    cells.append(_xlsx_row({**petik, "nip": "'" + petik["nip"]}))
    obj = impor(org, xlsx_bytes(cells), "pegawai.xlsx")
    assert obj.status == ImporPegawai.Status.GAGAL
    assert galat_set(obj) == {(3, "nip"), (4, "nip")}
    assert all(TEKS_KOLOM in g["pesan"] for g in obj.galat)
    assert not Pegawai.objects.filter(nip=ok["nip"]).exists()
    # the same in a CSV saved by Excel in scientific notation
    obj = impor(org, csv_bytes([{**ok, "nip": "1.98805E+17"}]))
    assert TEKS_KOLOM in obj.galat[0]["pesan"]


def test_xlsx_with_text_nip_date_cells_and_apostrophe(org):
    a, b = baris(), baris()
    cells = [
        {**a, "tanggal_lahir": datetime.datetime.fromisoformat(a["tanggal_lahir"])},
        {**b, "nip": "'" + b["nip"], "nik": "'" + b["nik"]},
    ]
    obj = impor(org, xlsx_bytes([_xlsx_row(r) for r in cells]), "pegawai.XLSX")
    assert obj.status == ImporPegawai.Status.BERHASIL, obj.galat
    assert Pegawai.objects.get(nip=b["nip"]).nik == b["nik"]
    assert Pegawai.objects.get(nip=a["nip"]).tanggal_lahir == datetime.date.fromisoformat(a["tanggal_lahir"])


def test_nip_of_another_instansi_is_an_error(org):
    row = baris(nip=org.other_pegawai.nip, tanggal_lahir=org.other_pegawai.tanggal_lahir.isoformat())
    row.update(
        jenis_kelamin=org.other_pegawai.jenis_kelamin,
        tmt_cpns=org.other_pegawai.tmt_cpns.isoformat(),
        tmt_golongan=org.other_pegawai.tmt_cpns.isoformat(),
        tmt_jabatan=org.other_pegawai.tmt_cpns.isoformat(),
        nik="",
    )
    obj = impor(org, csv_bytes([row]))
    assert [(g["baris"], g["kolom"], g["pesan"]) for g in obj.galat] == [
        (2, "nip", f"NIP {org.other_pegawai.nip} sudah terdaftar di instansi lain.")
    ]


def test_run_is_idempotent(org):
    obj = impor_pegawai_create(
        actor=org.bkd, instansi=org.instansi, berkas=io.BytesIO(csv_bytes([baris()])), nama_file="a.csv", jalankan=False
    )
    assert obj.status == ImporPegawai.Status.MENUNGGU
    assert obj.total_baris == 1
    done = impor_pegawai_run(impor_id=obj.pk)
    assert done.status == ImporPegawai.Status.BERHASIL
    count = Pegawai.objects.count()
    again = impor_pegawai_run(impor_id=obj.pk)
    assert (again.status, again.jumlah_baru, Pegawai.objects.count()) == (ImporPegawai.Status.BERHASIL, 1, count)
    # a job another worker is running right now is not claimed twice
    ImporPegawai.objects.filter(pk=obj.pk).update(status=ImporPegawai.Status.BERJALAN)
    assert impor_pegawai_run(impor_id=obj.pk).status == ImporPegawai.Status.BERJALAN


def test_writing_takes_a_constant_number_of_queries_per_batch(org):
    def queries_for(n: int) -> int:
        data = csv_bytes([baris() for _i in range(n)])
        hasil = impor_validate(instansi=org.instansi, berkas=io.BytesIO(data), nama_file="a.csv")
        assert hasil.ok, hasil.galat
        with CaptureQueriesContext(connection) as ctx:
            impor_rows_write(instansi=org.instansi, actor_id=None, baris=hasil.baris, batch_size=1000)
        return len(ctx.captured_queries)

    if connection.vendor == "sqlite":
        pytest.skip("SQLite splits bulk inserts by its variable limit")
    assert queries_for(5) == queries_for(40)


def test_progress_is_recorded_per_batch(org):
    rows = [baris() for _i in range(5)]
    hasil = impor_validate(instansi=org.instansi, berkas=io.BytesIO(csv_bytes(rows)), nama_file="a.csv")
    seen: list[int] = []
    baru, diperbarui = impor_rows_write(
        instansi=org.instansi, actor_id=org.bkd.pk, baris=hasil.baris, on_batch=seen.append, batch_size=2
    )
    assert (baru, diperbarui, seen) == (5, 0, [2, 4, 5])


# ---------------------------------------------------------------------------------------------
# The command


def test_command_imports_and_prints_a_summary(org, tmp_path, capsys):
    path = tmp_path / "pegawai.csv"
    rows = [baris(), baris()]
    path.write_bytes(csv_bytes(rows))
    call_command("import_pegawai", str(path), instansi=org.instansi.kode)
    out = capsys.readouterr().out
    assert "2/2" in out
    assert "2 pegawai baru" in out
    assert Pegawai.objects.filter(nip__in=[r["nip"] for r in rows]).count() == 2
    call_command("import_pegawai", str(path), "--instansi", org.instansi.kode)
    assert "0 pegawai baru, 0 diperbarui, 2 tanpa perubahan" in capsys.readouterr().out


def test_command_with_bad_rows_exits_non_zero_and_imports_nothing(org, tmp_path, capsys):
    path = tmp_path / "pegawai.csv"
    good = baris()
    path.write_bytes(csv_bytes([good, baris(nip="123"), baris(golongan="III/z")]))
    with pytest.raises(CommandError, match="2 galat"):
        call_command("import_pegawai", str(path), instansi=org.instansi.kode)
    err = capsys.readouterr().err
    assert "baris 3, kolom nip: NIP harus tepat 18 angka." in err
    assert "baris 4, kolom golongan:" in err
    assert not Pegawai.objects.filter(nip=good["nip"]).exists()
    assert ImporPegawai.objects.get().status == ImporPegawai.Status.GAGAL


def test_command_dry_run_saves_nothing(org, tmp_path, capsys):
    path = tmp_path / "pegawai.xlsx"
    rows = [baris(), baris()]
    path.write_bytes(xlsx_bytes([_xlsx_row(r) for r in rows]))
    call_command("import_pegawai", str(path), instansi=org.instansi.kode, dry_run=True)
    assert "2 baris valid (2 baru, 0 akan diperbarui)" in capsys.readouterr().out
    assert not Pegawai.objects.filter(nip__in=[r["nip"] for r in rows]).exists()
    assert not ImporPegawai.objects.exists()
    path.write_bytes(xlsx_bytes([_xlsx_row({**rows[0], "jenis_asn": "Honorer"})]))
    with pytest.raises(CommandError, match="1 galat"):
        call_command("import_pegawai", str(path), instansi=org.instansi.kode, dry_run=True)
    assert "baris 2, kolom jenis_asn" in capsys.readouterr().err


def test_command_rejects_unknown_instansi_and_missing_file(org, tmp_path):
    path = tmp_path / "pegawai.csv"
    path.write_bytes(csv_bytes([baris()]))
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("import_pegawai", str(path), instansi="kota-entah")
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("import_pegawai", str(tmp_path / "tidak-ada.csv"), instansi=org.instansi.kode)
