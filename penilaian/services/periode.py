"""Periods and their snapshot: who held which jabatan, in which unit, under which penilai."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.services import audit_record
from pegawai.models import Instansi, Jabatan, Pegawai, UnitKerja, User
from pegawai.selectors import kebijakan_get
from penilaian.models import SKP, EvaluasiKinerja, Periode
from penilaian.rules import JenisPeriode, periode_rentang


@transaction.atomic
def periode_tahun_create(*, actor: User | None, instansi: Instansi, tahun: int) -> list[Periode]:
    """The periods of a year for an instansi: the periodic ones of its policy type, plus the
    annual evaluation. Idempotent: existing periods are kept. Each new period takes its snapshot."""
    if not 2000 <= tahun <= 2100:
        raise ValidationError({"tahun": _("Tahun harus di antara 2000 dan 2100.")})
    jenis_berkala = kebijakan_get(instansi=instansi).jenis_periode
    out: list[Periode] = []
    for jenis in (jenis_berkala, JenisPeriode.TAHUNAN):
        for nomor, mulai, selesai in periode_rentang(tahun, jenis):
            periode, created = Periode.objects.get_or_create(
                instansi=instansi,
                tahun=tahun,
                jenis=jenis,
                nomor=nomor,
                defaults={"tanggal_mulai": mulai, "tanggal_selesai": selesai},
            )
            if created:
                audit_record(
                    actor=actor,
                    subject=periode,
                    aksi="create",
                    instansi_id=instansi.pk,
                    ringkasan=f"Periode {periode.nama}",
                )
                periode_snapshot(periode=periode)
            out.append(periode)
    return out


def periode_snapshot(*, periode: Periode) -> int:
    """One EvaluasiKinerja row per active pegawai of the instansi who has none in this period,
    with their jabatan, unit, pejabat penilai and atasan pejabat penilai as they are now.
    One INSERT ... SELECT; rows that exist are never touched, so a transfer after the period
    opened does not rewrite it, and running it again adds only newcomers. Returns rows added."""
    t_eval = EvaluasiKinerja._meta.db_table
    t_peg = Pegawai._meta.db_table
    t_jab = Jabatan._meta.db_table
    t_unit = UnitKerja._meta.db_table
    t_skp = SKP._meta.db_table
    now = timezone.now()
    sql = f"""
        INSERT INTO {t_eval} (
            created_at, updated_at, periode_id, pegawai_id, skp_id, jabatan_id, unit_kerja_id,
            nama_jabatan, jenis_jabatan, nama_unit, is_kepala_unit, pejabat_penilai_id,
            atasan_pejabat_penilai_id, rating_hasil_kerja, rating_perilaku, predikat_matriks, predikat,
            alasan_penyesuaian, catatan_penilai, komponen, status
        )
        SELECT %s, %s, %s, p.id, s.id, p.jabatan_id, p.unit_kerja_id,
            COALESCE(j.nama, ''), COALESCE(j.jenis, ''), u.nama, COALESCE(j.is_kepala_unit, %s), p.atasan_id,
            a.atasan_id, '', '', '', '', '', '', %s, %s
        FROM {t_peg} p
        JOIN {t_unit} u ON u.id = p.unit_kerja_id
        LEFT JOIN {t_jab} j ON j.id = p.jabatan_id
        LEFT JOIN {t_peg} a ON a.id = p.atasan_id
        LEFT JOIN {t_skp} s ON s.pegawai_id = p.id AND s.tahun = %s
        WHERE p.instansi_id = %s AND p.status = %s
        ON CONFLICT (periode_id, pegawai_id) DO NOTHING
    """  # noqa: S608 (table names come from model metadata; values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                now,
                now,
                periode.pk,
                False,
                "{}",
                EvaluasiKinerja.Status.BELUM_DINILAI,
                periode.tahun,
                periode.instansi_id,
                Pegawai.Status.AKTIF,
            ],
        )
        return max(cursor.rowcount, 0)
