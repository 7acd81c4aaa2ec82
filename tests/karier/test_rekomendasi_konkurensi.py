"""Two committee members acting on the same recommendation at the same moment (PostgreSQL row
locks): exactly one succeeds, the other is told who decided first; one decision, one audit row.
The same for two BKD officers applying the same approved KP: one pangkat in the history."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, connections

from common.models import AuditLog
from karier.models import JenisRekomendasi, Rekomendasi
from karier.services.rekomendasi import rekomendasi_putuskan, rekomendasi_terapkan
from pegawai.models import RiwayatPangkat
from tests.factories.karier import rekomendasi_buat
from tests.factories.pegawai import UserFactory, golongan

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks (SELECT ... FOR UPDATE) need PostgreSQL"),
]


def _serentak(*langkah: Callable[[], Any]) -> list[tuple[str, Any]]:
    """Run each step in its own thread and database connection, released together by a
    barrier; each result is ("ok", value) or ("error", ValidationError)."""
    barrier = threading.Barrier(len(langkah))
    hasil: list[tuple[str, Any]] = [("", None)] * len(langkah)

    def jalan(i: int, fn: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            hasil[i] = ("ok", fn())
        except ValidationError as e:
            hasil[i] = ("error", e)
        except Exception as e:  # reported in the assertion on the results
            hasil[i] = ("crash", e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=jalan, args=(i, fn)) for i, fn in enumerate(langkah)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return hasil


def _audit(obj: Rekomendasi, ringkasan: str) -> int:
    ct = ContentType.objects.get_for_model(Rekomendasi)
    return AuditLog.objects.filter(content_type=ct, object_id=obj.pk, ringkasan=ringkasan).count()


def test_two_members_approve_at_once_one_wins_the_other_is_told(org):
    anggota2 = UserFactory(instansi=org.instansi, username="bkd.kedua", first_name="Ahmad Daulay")
    obj = rekomendasi_buat(org.pegawai, golongan_baru=golongan("II/d"))
    hasil = _serentak(
        lambda: rekomendasi_putuskan(actor=org.bkd, rekomendasi=obj, setuju=True),
        lambda: rekomendasi_putuskan(actor=anggota2, rekomendasi=obj, setuju=True),
    )
    jenis = sorted(h[0] for h in hasil)
    assert jenis == ["error", "ok"], hasil
    menang = org.bkd if hasil[0][0] == "ok" else anggota2
    kalah = next(e for k, e in hasil if k == "error")
    pesan = " ".join(kalah.message_dict["status"])
    assert f"Rekomendasi ini sudah disetujui oleh {menang.get_full_name()} pada" in pesan
    obj.refresh_from_db()
    assert (obj.status, obj.diputuskan_oleh) == (Rekomendasi.Status.DISETUJUI, menang)
    assert _audit(obj, "Rekomendasi disetujui") == 1


def test_approve_and_reject_at_once_leave_exactly_one_decision(org):
    obj = rekomendasi_buat(org.rekan, JenisRekomendasi.ROTASI)
    hasil = _serentak(
        lambda: rekomendasi_putuskan(actor=org.bkd, rekomendasi=obj, setuju=True),
        lambda: rekomendasi_putuskan(actor=org.pimpinan, rekomendasi=obj, setuju=False, alasan="Belum 2 tahun"),
    )
    assert sorted(h[0] for h in hasil) == ["error", "ok"], hasil
    obj.refresh_from_db()
    assert obj.status in (Rekomendasi.Status.DISETUJUI, Rekomendasi.Status.DITOLAK)
    assert _audit(obj, "Rekomendasi disetujui") + _audit(obj, "Rekomendasi ditolak") == 1


def test_two_bkd_apply_the_same_kp_at_once_one_pangkat_in_the_history(org):
    bkd2 = UserFactory(instansi=org.instansi, username="bkd.ketiga", first_name="Lina")
    obj = rekomendasi_buat(org.pegawai, status=Rekomendasi.Status.DISETUJUI, golongan_baru=golongan("II/d"))
    tmt = datetime.date(2026, 4, 1)
    hasil = _serentak(
        lambda: rekomendasi_terapkan(actor=org.bkd, rekomendasi=obj, tmt=tmt, nomor_sk="SK-1"),
        lambda: rekomendasi_terapkan(actor=bkd2, rekomendasi=obj, tmt=tmt, nomor_sk="SK-2"),
    )
    assert sorted(h[0] for h in hasil) == ["error", "ok"], hasil
    kalah = next(e for k, e in hasil if k == "error")
    assert "sudah diterapkan oleh" in " ".join(kalah.message_dict["status"])
    assert RiwayatPangkat.objects.filter(pegawai=org.pegawai, golongan=golongan("II/d")).count() == 1
    obj.refresh_from_db()
    assert obj.status == Rekomendasi.Status.DITERAPKAN
    assert _audit(obj, "Rekomendasi diterapkan") == 1
