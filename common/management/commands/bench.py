"""bench: run the registered measurements and print one JSON line each (see common.bench)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils.translation import gettext as _

from common import bench


class Command(BaseCommand):
    help = _(
        "Menjalankan pengukuran kinerja (anggaran di DESIGN.md) dan mencetak satu baris JSON per pengukuran; "
        "gagal jika ada anggaran yang terlewati. Membangun instansi uji sendiri (kode bench-sibolga); "
        "jalankan pada basis data tersendiri."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pegawai", type=int, default=100_000, help=_("Jumlah pegawai instansi uji."))
        parser.add_argument("--only", default="", help=_("Nama pengukuran, dipisah koma."))
        parser.add_argument("--skip-seed", action="store_true", help=_("Pakai instansi uji yang sudah ada."))
        parser.add_argument("--repeat", type=int, default=20, help=_("Jumlah pengulangan per halaman."))
        parser.add_argument(
            "--budget",
            action="append",
            default=[],
            metavar="NAMA=NILAI",
            help=_("Ganti anggaran satu pengukuran (NAMA:queries untuk jumlah kueri)."),
        )
        parser.add_argument(
            "--allow-sqlite", action="store_true", help=_("Izinkan SQLite (anggaran berlaku untuk PostgreSQL).")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql" and not options["allow_sqlite"]:
            raise CommandError(_("Anggaran diukur pada PostgreSQL; setel DATABASE_URL atau pakai --allow-sqlite."))
        budgets = bench.configured_budgets()
        for item in options["budget"]:
            name, sep, value = item.partition("=")
            try:
                budgets[name.strip()] = float(value)
            except ValueError as e:
                raise CommandError(_("--budget harus berbentuk NAMA=ANGKA: %(nilai)s") % {"nilai": item}) from e
            if not sep:
                raise CommandError(_("--budget harus berbentuk NAMA=ANGKA: %(nilai)s") % {"nilai": item})
        bench.autodiscover()
        names = [n.strip() for n in options["only"].split(",") if n.strip()]
        try:
            todo = bench.selected(names)
        except KeyError as e:
            raise CommandError(
                _("Pengukuran tidak dikenal: %(nama)s. Yang ada: %(ada)s")
                % {"nama": e.args[0], "ada": ", ".join(bench.REGISTRY)}
            ) from e
        names_todo = {b.name for b in todo}
        seed = not options["skip_seed"]
        if seed and "pegawai.seed" not in names_todo:
            # the pages are measured on the seeded instansi: seed first even when not asked to time it
            todo.insert(0, bench.REGISTRY["pegawai.seed"])
        ctx = bench.Konteks(pegawai=options["pegawai"], repeat=options["repeat"], seed=seed, budgets=budgets)
        missed = []
        for b in todo:
            hasil = b.run(ctx)
            if b.name not in names_todo and hasil.ok:
                continue  # the implicit seed is printed only when it failed
            self.stdout.write(json.dumps(hasil.as_dict(), ensure_ascii=False))
            if not hasil.ok:
                missed.append(hasil.missed())
        if missed:
            raise CommandError(_("Anggaran terlewati: %(daftar)s") % {"daftar": "; ".join(missed)})
