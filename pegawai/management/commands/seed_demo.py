"""seed_demo: a deterministic demo instansi of any size (see pegawai.demo)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from pegawai import demo


class Command(BaseCommand):
    help = _(
        "Membangun instansi demo yang deterministik (unit kerja, jabatan, pegawai dengan riwayat) beserta "
        "instansi kedua yang kecil. Tidak melakukan apa pun jika instansi sudah ada, kecuali dengan --reset. "
        "Semua pegawai demo masuk dengan NIP dan kata sandi demo."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pegawai", type=int, default=300, help=_("Jumlah pegawai instansi utama."))
        parser.add_argument("--instansi-kode", default=demo.KODE_UTAMA, help=_("Kode instansi utama."))
        parser.add_argument("--seed", type=int, default=1, help=_("Benih acak: benih sama, data sama."))
        parser.add_argument("--reset", action="store_true", help=_("Hapus dulu data instansi demo, lalu bangun ulang."))

    def handle(self, *args: Any, **options: Any) -> None:
        n = options["pegawai"]
        if n < 1 or n > 1_000_000:
            raise CommandError(_("--pegawai harus antara 1 dan 1.000.000."))
        hasil = demo.seed_demo(pegawai=n, kode=options["instansi_kode"], seed=options["seed"], reset=options["reset"])
        for h in hasil:
            if h.dibuat:
                self.stdout.write(
                    _("%(nama)s: %(pegawai)d pegawai, %(unit)d unit kerja, %(jabatan)d jabatan dalam %(detik).1f detik")
                    % {
                        "nama": h.instansi.nama,
                        "pegawai": h.pegawai,
                        "unit": h.unit_kerja,
                        "jabatan": h.jabatan,
                        "detik": h.detik,
                    }
                )
            else:
                self.stdout.write(
                    _("%(nama)s sudah ada; tidak ada yang diubah (pakai --reset untuk membangun ulang).")
                    % {"nama": h.instansi.nama}
                )
        self.stdout.write(_("Akun demo:"))
        rows = [r for h in hasil for r in h.logins]
        if not any(r["username"] == "admin" for r in rows):
            rows += [r for r in demo.demo_logins() if r["username"] == "admin"]
        for r in rows:
            self.stdout.write(f"  {r['peran']:<24} {r['username']:<20} {r['password']:<12} {r['instansi']}")
