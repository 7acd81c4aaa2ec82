"""python manage.py import_pegawai FILE --instansi KODE [--dry-run]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from pegawai.impor import impor_pegawai_create, impor_pegawai_run, impor_validate
from pegawai.models import ImporPegawai, Instansi


class Command(BaseCommand):
    help = (
        "Impor pegawai dari berkas CSV atau XLSX ke satu instansi: semua baris atau tidak sama sekali. "
        "Pegawai dengan NIP yang sudah ada diperbarui."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("berkas", help="berkas .csv atau .xlsx")
        parser.add_argument("--instansi", required=True, help="kode instansi tujuan")
        parser.add_argument("--dry-run", action="store_true", help="hanya memeriksa berkas, tidak menyimpan apa pun")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["berkas"])
        if not path.is_file():
            raise CommandError(_("Berkas tidak ditemukan: %(berkas)s") % {"berkas": path})
        instansi = Instansi.objects.filter(kode=options["instansi"]).first()
        if instansi is None:
            raise CommandError(_("Instansi dengan kode %(kode)s tidak ada.") % {"kode": options["instansi"]})

        if options["dry_run"]:
            with path.open("rb") as f:
                hasil = impor_validate(instansi=instansi, berkas=f, nama_file=path.name)
            if not hasil.ok:
                self._print_errors([g.as_dict() for g in hasil.galat])
                raise CommandError(
                    _("%(galat)d galat di %(baris)d baris; tidak ada yang diimpor.")
                    % {"galat": len(hasil.galat), "baris": hasil.total_baris}
                )
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Uji coba: %(baris)d baris valid (%(baru)d baru, %(ada)d akan diperbarui). "
                        "Tidak ada yang disimpan (--dry-run)."
                    )
                    % {"baris": hasil.total_baris, "baru": hasil.jumlah_baru, "ada": hasil.jumlah_ada}
                )
            )
            return

        with path.open("rb") as f:
            try:
                impor = impor_pegawai_create(
                    actor=None, instansi=instansi, berkas=f, nama_file=path.name, jalankan=False
                )
            except ValueError as e:  # ValidationError: not a CSV/XLSX
                raise CommandError("; ".join(getattr(e, "messages", [str(e)]))) from e
        self.stdout.write(
            _("Impor #%(id)d: %(baris)d baris dari %(berkas)s ke %(instansi)s")
            % {"id": impor.pk, "baris": impor.total_baris, "berkas": path.name, "instansi": instansi.kode}
        )
        impor = impor_pegawai_run(impor_id=impor.pk, on_progress=self._progress)
        if impor.status != ImporPegawai.Status.BERHASIL:
            self._print_errors(impor.galat)
            raise CommandError(_("Impor gagal: %(galat)d galat; tidak ada yang diimpor.") % {"galat": len(impor.galat)})
        self.stdout.write(
            self.style.SUCCESS(
                _("Selesai: %(baris)d baris, %(baru)d pegawai baru, %(ubah)d diperbarui, %(sama)d tanpa perubahan.")
                % {
                    "baris": impor.total_baris,
                    "baru": impor.jumlah_baru,
                    "ubah": impor.jumlah_diperbarui,
                    "sama": impor.total_baris - impor.jumlah_baru - impor.jumlah_diperbarui,
                }
            )
        )

    def _progress(self, diproses: int, total: int) -> None:
        persen = diproses * 100 // total if total else 100
        self.stdout.write(
            _("  %(diproses)d/%(total)d baris (%(persen)d%%)")
            % {"diproses": diproses, "total": total, "persen": persen}
        )

    def _print_errors(self, galat: list[dict[str, Any]]) -> None:
        for g in galat:
            lokasi = _("baris %(baris)d") % {"baris": g["baris"]} if g.get("baris") else _("berkas")
            kolom = _(", kolom %(kolom)s") % {"kolom": g["kolom"]} if g.get("kolom") else ""
            self.stderr.write(f"{lokasi}{kolom}: {g['pesan']}")
