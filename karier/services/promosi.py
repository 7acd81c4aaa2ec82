"""Promotion proposals for vacant jabatan (DOMAIN.md §6).

The yearly run proposes, for each vacancy of jenis administrator and pengawas, the best-ranked
eligible candidates, as many as the open slots (a pegawai proposed for one vacancy is not also
proposed for another in the same run). JPT pratama vacancies are left to open selection
(PP 11/2017 Pasal 198): nothing is proposed for them. BKD may also propose chosen candidates of
one vacancy by hand; they must be eligible. Applying an approved proposal (the move, the riwayat
jabatan with its TMT) is ``rekomendasi_terapkan``."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.models import AuditLog
from common.policies import Kebijakan
from common.services import audit_record
from karier.models import JenisRekomendasi
from karier.selectors.promosi import Kandidat, kandidat_massal, kandidat_promosi, lowongan_list
from pegawai.models import Instansi, Jabatan, User

from .rekomendasi import HasilUsulan, Usulan, rekomendasi_usulkan


def _usulan(*, tahun: int, jabatan: Jabatan, kandidat: Kandidat) -> Usulan:
    return Usulan(
        pegawai_id=kandidat.pegawai.pk,
        kunci=f"promosi:{tahun}:{jabatan.pk}:{kandidat.pegawai.pk}",
        jabatan_tujuan_id=jabatan.pk,
        skor=kandidat.skor,
        peringkat=kandidat.peringkat,
        dasar=kandidat.dasar(),
    )


@transaction.atomic
def promosi_usulkan(
    *, instansi: Instansi, tahun: int, pada: datetime.date, kebijakan: Kebijakan, actor: User | None = None
) -> HasilUsulan:
    """For each administrator and pengawas vacancy, the top eligible candidates (as many as the
    open slots) are proposed to the committee; the open proposals of the year no longer made are
    withdrawn. The pools are read once per level."""
    lowongan = [lw for lw in lowongan_list(instansi=instansi) if not lw.seleksi_terbuka]
    hasil = kandidat_massal(
        jabatan_list=[lw.jabatan for lw in lowongan],
        pada=pada,
        kebijakan=kebijakan,
        tahun=tahun,
        dengan_tidak_memenuhi=False,
        batas=0,
    )
    dipakai: set[int] = set()
    usulan: list[Usulan] = []
    # the vacancies with the fewest eligible candidates choose first, so that a candidate good for
    # several vacancies does not leave a vacancy with nobody
    for lw in sorted(lowongan, key=lambda lw: (hasil[lw.jabatan.pk].jumlah_memenuhi, lw.jabatan.pk)):
        h = hasil[lw.jabatan.pk]
        sisa = lw.lowong
        for peringkat, pegawai_id in enumerate(h.urutan, start=1):
            if sisa <= 0:
                break
            if pegawai_id in dipakai:
                continue
            dipakai.add(pegawai_id)
            usulan.append(_usulan(tahun=tahun, jabatan=lw.jabatan, kandidat=h.kandidat(pegawai_id, peringkat)))
            sisa -= 1
    return rekomendasi_usulkan(
        instansi=instansi, jenis=JenisRekomendasi.PROMOSI, tahun=tahun, usulan=usulan, actor=actor
    )


@transaction.atomic
def promosi_usulkan_pilihan(
    *,
    actor: User,
    jabatan: Jabatan,
    pegawai_ids: Sequence[int],
    tahun: int,
    pada: datetime.date,
    kebijakan: Kebijakan,
) -> HasilUsulan:
    """BKD proposes chosen candidates of one vacancy to the committee. Each must be an eligible
    candidate; JPT pratama is open selection only; no more than the open slots."""
    if jabatan.jenis == Jabatan.Jenis.JPT_PRATAMA:
        raise ValidationError(
            {"jabatan": _("JPT Pratama diisi hanya melalui seleksi terbuka (PP 11/2017 Pasal 198), tanpa usulan.")}
        )
    pilihan = list(dict.fromkeys(pegawai_ids))
    if not pilihan:
        raise ValidationError({"pegawai": _("Pilih paling sedikit satu kandidat.")})
    hasil = kandidat_promosi(jabatan=jabatan, pada=pada, kebijakan=kebijakan, tahun=tahun, batas=0, batas_tidak=0)
    peringkat = {pid: i for i, pid in enumerate(hasil.urutan, start=1)}
    bukan = [str(p) for p in pilihan if p not in peringkat]
    if bukan:
        raise ValidationError(
            {
                "pegawai": _("Bukan kandidat yang memenuhi syarat untuk jabatan ini: %(ids)s.")
                % {"ids": ", ".join(bukan)}
            }
        )
    terisi = jabatan.pemangku.filter(status="aktif").count()
    lowong = max(jabatan.kebutuhan - terisi, 0)
    if len(pilihan) > lowong:
        raise ValidationError(
            {
                "pegawai": _("Paling banyak %(n)d kandidat: jabatan ini lowong %(n)d dari %(k)d.")
                % {"n": lowong, "k": jabatan.kebutuhan}
            }
        )
    usulan = [_usulan(tahun=tahun, jabatan=jabatan, kandidat=hasil.kandidat(p, peringkat[p])) for p in pilihan]
    hasil_usulan = rekomendasi_usulkan(
        instansi=jabatan.instansi,
        jenis=JenisRekomendasi.PROMOSI,
        tahun=tahun,
        usulan=usulan,
        actor=actor,
        batalkan_sisa=False,
    )
    audit_record(
        actor=actor,
        subject=jabatan,
        aksi=AuditLog.Aksi.UPDATE,
        perubahan={"tahun": tahun, "pegawai": pilihan},
        ringkasan=_("Kandidat promosi diusulkan ke tim penilai kinerja"),
        instansi_id=jabatan.instansi_id,
    )
    return hasil_usulan
