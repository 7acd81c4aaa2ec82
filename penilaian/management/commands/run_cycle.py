"""python manage.py run_cycle --instansi KODE (--periode ID | --tahun 2026 --jenis triwulanan --nomor 1) [--sync]"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from pegawai.models import Instansi
from penilaian.models import Periode, SiklusEvaluasi
from penilaian.rules import JenisPeriode
from penilaian.selectors.siklus import siklus_persen
from penilaian.services.siklus import siklus_jalankan, siklus_mulai

SELESAI = (SiklusEvaluasi.Status.SELESAI, SiklusEvaluasi.Status.GAGAL)


class Command(BaseCommand):
    help = (
        "Jalankan siklus evaluasi satu periode: tutup periode, hitung capaian, nilai, IKM, periksa "
        "distribusi, kirim notifikasi. Tanpa broker (atau dengan --sync) berjalan di proses ini."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--instansi", required=True, help="kode instansi")
        parser.add_argument("--periode", type=int, help="id periode")
        parser.add_argument("--tahun", type=int, help="tahun periode")
        parser.add_argument("--jenis", choices=JenisPeriode.values, help="jenis periode")
        parser.add_argument("--nomor", type=int, default=1, help="nomor periode dalam tahun (bawaan 1)")
        parser.add_argument("--sync", action="store_true", help="jalankan di proses ini, bukan di worker")
        parser.add_argument("--batch", type=int, default=None, help="pegawai per batch")

    def handle(self, *args: Any, **options: Any) -> None:
        instansi = Instansi.objects.filter(kode=options["instansi"]).first()
        if instansi is None:
            raise CommandError(_("Instansi dengan kode %(kode)s tidak ada.") % {"kode": options["instansi"]})
        periode = self._periode(instansi, options)
        sync = options["sync"] or settings.CELERY_TASK_ALWAYS_EAGER
        try:
            siklus = siklus_mulai(actor=None, periode=periode, kirim=not sync)
        except ValidationError as e:
            raise CommandError("; ".join(e.messages)) from e
        self.stdout.write(_("Siklus evaluasi %(periode)s (#%(id)d)") % {"periode": periode.nama, "id": siklus.pk})
        if sync:
            siklus = siklus_jalankan(siklus_id=siklus.pk, batch_size=options["batch"], on_progress=self._progress)
        else:
            siklus = self._tunggu(siklus)
        if siklus.status != SiklusEvaluasi.Status.SELESAI:
            raise CommandError(
                _("Siklus gagal pada langkah %(langkah)s: %(galat)s")
                % {
                    "langkah": siklus.langkah,
                    "galat": siklus.galat or siklus.get_status_display(),
                }
            )
        for key, value in siklus.hasil.items():
            self.stdout.write(f"  {key}: {value}")
        self.stdout.write(self.style.SUCCESS(_("Selesai.")))

    def _periode(self, instansi: Instansi, options: dict[str, Any]) -> Periode:
        qs = Periode.objects.filter(instansi=instansi).select_related("instansi")
        if options["periode"] is not None:
            periode = qs.filter(pk=options["periode"]).first()
        elif options["tahun"] is not None and options["jenis"]:
            periode = qs.filter(tahun=options["tahun"], jenis=options["jenis"], nomor=options["nomor"]).first()
        else:
            raise CommandError(_("Sebutkan --periode, atau --tahun dan --jenis (dan --nomor)."))
        if periode is None:
            raise CommandError(_("Periode tidak ditemukan di instansi ini."))
        return periode

    def _progress(self, siklus: SiklusEvaluasi) -> None:
        self.stdout.write(
            _("[%(persen)3d%%] %(langkah)s %(diproses)d/%(total)d")
            % {
                "persen": siklus_persen(siklus),
                "langkah": siklus.langkah,
                "diproses": siklus.diproses,
                "total": siklus.total,
            }
        )

    def _tunggu(self, siklus: SiklusEvaluasi) -> SiklusEvaluasi:
        terakhir: tuple[str, int] | None = None
        while True:
            siklus.refresh_from_db()
            keadaan = (siklus.langkah, siklus.diproses)
            if keadaan != terakhir:
                self._progress(siklus)
                terakhir = keadaan
            if siklus.status in SELESAI:
                return siklus
            time.sleep(0.5)
