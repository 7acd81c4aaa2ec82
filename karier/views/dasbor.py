"""The BKD dashboard and the pimpinan's read-only version: the figures of the instansi with charts
whose bars open the filtered list behind them, a table under each chart, and one XLSX with a sheet
per table. BKD also gets the buttons that start work (an evaluation cycle, the IKM); the pimpinan
sees the same figures without them. Everyone else: 404 (anonymous: the login page)."""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Iterable
from decimal import Decimal
from typing import IO, Any, cast
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from karier.permissions import instansi_komite
from karier.selectors.dasbor import Dasbor, dasbor_instansi_cached
from pegawai.models import Pegawai
from pegawai.permissions import can_edit_instansi
from pegawai.views.akun import AuthedRequest
from penilaian.rules import Predikat

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SPOOL_BYTES = 2 * 1024 * 1024
WARNA_PREDIKAT = {
    Predikat.SANGAT_BAIK: "#198754",
    Predikat.BAIK: "#0d6efd",
    Predikat.BUTUH_PERBAIKAN: "#ffc107",
    Predikat.KURANG: "#fd7e14",
    Predikat.SANGAT_KURANG: "#dc3545",
}


def _dengan(base: str, **query: Any) -> str:
    return f"{base}?{urlencode(query)}"


def tautan_dasbor(d: Dasbor) -> dict[str, Any]:
    """Every figure's drill-down: each table's rows paired with the address of the filtered list
    behind them, and the single links."""
    pegawai = reverse("pegawai:pegawai-list")
    aktif = Pegawai.Status.AKTIF
    talenta = reverse("karier:talenta")
    rekomendasi = reverse("karier:rekomendasi-list")
    jp_kurang = reverse("pelatihan:jp-kurang")

    def predikat(unit_id: int) -> str:
        if d.predikat.periode_id:
            return _dengan(reverse("penilaian:kalibrasi-unit", args=[unit_id]), periode=d.predikat.periode_id)
        return _dengan(pegawai, unit_kerja=unit_id, status=aktif)

    ikm_semua = reverse("penilaian:ikm-list")
    if d.ikm.periode_id:
        ikm_semua = _dengan(ikm_semua, periode=d.ikm.periode_id)

    def kotak(k: int) -> str:
        """The list of one box of the year (the talent map's drill-down)."""
        return _dengan(reverse("karier:talenta-kotak", args=[k]), tahun=d.talenta.tahun)

    def ikm(unit_id: int) -> str:
        url = reverse("penilaian:ikm-unit", args=[unit_id])
        return _dengan(url, periode=d.ikm.periode_id) if d.ikm.periode_id else url

    return {
        "unit": [(b, _dengan(pegawai, unit_kerja=b.unit_id, status=aktif)) for b in d.per_unit],
        "golongan": [(h, _dengan(pegawai, golongan=h.kunci, status=aktif)) for h in d.per_golongan],
        "jenis_jabatan": [
            (h, _dengan(pegawai, jenis_jabatan=h.kunci, status=aktif) if h.kunci else "") for h in d.per_jenis_jabatan
        ],
        "jenis_kelamin": [(h, _dengan(pegawai, jenis_kelamin=h.kunci, status=aktif)) for h in d.per_jenis_kelamin],
        "predikat": [(b, predikat(b.unit_id)) for b in d.predikat.baris],
        "ikm": [(b, ikm(b.unit_id)) for b in d.ikm.terendah],
        "ikm_semua": ikm_semua,
        "jp": [(b, _dengan(jp_kurang, tahun=d.jp.tahun, unit_kerja=b.unit_id, jenis_asn="PNS")) for b in d.per_unit],
        "jp_semua": _dengan(jp_kurang, tahun=d.jp.tahun, jenis_asn="PNS"),
        "talenta": [[(k, n, kotak(k) if d.talenta.tahun else "") for k, n in row] for row in d.talenta.baris],
        "talenta_semua": _dengan(talenta, tahun=d.talenta.tahun) if d.talenta.tahun else talenta,
        "kp": _dengan(reverse("karier:kp"), tanggal=d.kp.tanggal.isoformat()),
        "promosi": reverse("karier:promosi"),
        "lowong": _dengan(reverse("pegawai:jabatan-list"), lowong="true"),
        "rekomendasi": [(r, _dengan(rekomendasi, jenis=r.kunci)) for r in d.rekomendasi],
        "rekomendasi_semua": rekomendasi,
        "siklus": [
            (s, reverse("penilaian:siklus-detail", args=[s.siklus_id]) if s.siklus_id else "") for s in d.siklus
        ],
    }


def _grafik(judul: str, baris: Iterable[tuple[str, Any, str]], **extra: Any) -> dict[str, Any]:
    """A chart's data for static/js/dasbor.js: labels, values and the address each bar opens."""
    rows = list(baris)
    return {
        "judul": judul,
        "labels": [r[0] for r in rows],
        "data": [float(r[1]) if isinstance(r[1], Decimal) else r[1] for r in rows],
        "tautan": [r[2] for r in rows],
        **extra,
    }


def grafik_dasbor(d: Dasbor, t: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The charts of the page, by the id of their json_script element."""
    predikat = [(b, url) for b, url in t["predikat"] if b.total]
    return {
        "grafik-unit": _grafik(_("Pegawai aktif"), ((b.nama, b.jumlah, url) for b, url in t["unit"]), horizontal=True),
        "grafik-golongan": _grafik(_("Pegawai aktif"), ((h.label, h.jumlah, url) for h, url in t["golongan"])),
        "grafik-jenis-jabatan": _grafik(
            _("Pegawai aktif"), ((h.label, h.jumlah, url) for h, url in t["jenis_jabatan"]), horizontal=True
        ),
        "grafik-jenis-kelamin": _grafik(
            _("Pegawai aktif"), ((h.label, h.jumlah, url) for h, url in t["jenis_kelamin"]), jenis="doughnut"
        ),
        "grafik-predikat": {
            "judul": _("Predikat"),
            "labels": [b.nama for b, _u in predikat],
            "tautan": [url for _b, url in predikat],
            "datasets": [
                {
                    "label": str(p.label),
                    "data": [b.hitungan.get(p.value, 0) for b, _u in predikat],
                    "warna": WARNA_PREDIKAT[p],
                }
                for p in Predikat
            ],
            "tumpuk": True,
            "horizontal": True,
        },
        "grafik-ikm": _grafik(_("Unit layanan"), ((h.label, h.jumlah, t["ikm_semua"]) for h in d.ikm.per_mutu)),
        "grafik-jp": _grafik(
            _("PNS memenuhi JP minimal (%)"),
            ((b.nama, b.persen_jp, url) for b, url in t["jp"] if b.pns),
            horizontal=True,
            maks=100,
        ),
    }


@login_required
def dasbor_view(request: AuthedRequest) -> HttpResponse:
    instansi = instansi_komite(request.user)[0]
    d = dasbor_instansi_cached(instansi=instansi, segar=request.GET.get("segar") == "1")
    tautan = tautan_dasbor(d)
    context = {
        "instansi": instansi,
        "d": d,
        "t": tautan,
        "grafik": grafik_dasbor(d, tautan),
        "boleh_ubah": can_edit_instansi(request.user),
        "predikat_list": list(Predikat),
    }
    return render(request, "karier/dasbor/dasbor.html", context)


# ---------------------------------------------------------------------------------------------
# XLSX: one sheet per table


def _lembar(wb: Workbook, judul: str, kolom: list[str], rows: Iterable[Iterable[Any]]) -> None:
    ws = wb.create_sheet(title=judul[:31])
    ws.freeze_panes = "A2"
    ws.column_dimensions["A"].width = 40
    bold = Font(bold=True)
    header = []
    for title in kolom:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    for row in rows:
        cells: list[Any] = []
        for value in row:
            if isinstance(value, datetime.datetime):
                c = WriteOnlyCell(ws, value=timezone.localtime(value).replace(tzinfo=None))
                c.number_format = "yyyy-mm-dd hh:mm"
                cells.append(c)
            elif isinstance(value, (datetime.date, Decimal)):
                c = WriteOnlyCell(ws, value=cast(Any, value))
                c.number_format = "0.00" if isinstance(value, Decimal) else "yyyy-mm-dd"
                cells.append(c)
            else:
                cells.append(value)
        ws.append(cells)


def dasbor_xlsx_write(d: Dasbor, out: IO[bytes], *, nama_instansi: str) -> None:
    """The dashboard's tables, one sheet each, in the order of the page."""
    wb = Workbook(write_only=True)
    _lembar(
        wb,
        _("Ringkasan"),
        [_("Ukuran"), _("Nilai")],
        [
            [_("Instansi"), nama_instansi],
            [_("Tanggal"), d.pada],
            [_("Pegawai aktif"), d.pegawai],
            [_("PNS"), d.pns],
            [_("PPPK"), d.pppk],
            [_("PNS memenuhi JP minimal"), d.jp.memenuhi],
            [_("PNS di bawah JP minimal"), d.jp.kurang],
            [_("Tanggal KP berikutnya"), d.kp.tanggal],
            [_("Masa kerja golongan terpenuhi"), d.kp.jumlah],
            [_("Jabatan lowong"), d.lowongan.jabatan],
            [_("Formasi lowong"), d.lowongan.formasi],
            [_("Kandidat promosi"), d.kandidat_promosi],
            [_("Rata-rata IKM"), d.ikm.rata_rata],
        ],
    )
    _lembar(
        wb,
        _("Unit kerja"),
        [_("Unit kerja"), _("Pegawai"), _("Laki-laki"), _("Perempuan"), _("PNS"), _("PPPK"), _("PNS memenuhi JP")],
        [[b.nama, b.jumlah, b.laki_laki, b.perempuan, b.pns, b.pppk, b.pns_jp_memenuhi] for b in d.per_unit],
    )
    _lembar(wb, _("Golongan"), [_("Golongan"), _("Pegawai")], [[h.label, h.jumlah] for h in d.per_golongan])
    _lembar(
        wb, _("Jenis jabatan"), [_("Jenis jabatan"), _("Pegawai")], [[h.label, h.jumlah] for h in d.per_jenis_jabatan]
    )
    _lembar(
        wb, _("Jenis kelamin"), [_("Jenis kelamin"), _("Pegawai")], [[h.label, h.jumlah] for h in d.per_jenis_kelamin]
    )
    _lembar(
        wb,
        _("Predikat"),
        [_("Unit kerja"), *[str(p.label) for p in Predikat], _("Jumlah")],
        [[b.nama, *[b.hitungan.get(p.value, 0) for p in Predikat], b.total] for b in d.predikat.baris],
    )
    _lembar(
        wb,
        _("IKM per mutu"),
        [_("Mutu"), _("Unit layanan")],
        [[h.label, h.jumlah] for h in d.ikm.per_mutu],
    )
    _lembar(
        wb,
        _("IKM terendah"),
        [_("Unit layanan"), _("IKM"), _("Mutu"), _("Responden"), _("Diterbitkan")],
        [[b.nama, b.ikm, b.mutu, b.responden, _("Ya") if b.dipublikasikan else _("Tidak")] for b in d.ikm.terendah],
    )
    _lembar(
        wb,
        _("JP"),
        [_("Unit kerja"), _("PNS aktif"), _("Memenuhi JP minimal"), _("Persen")],
        [[b.nama, b.pns, b.pns_jp_memenuhi, b.persen_jp] for b in d.per_unit],
    )
    _lembar(wb, _("Talenta"), [_("Kotak"), _("Pegawai")], [[k, n] for k, n in sorted(d.talenta.grid.items())])
    _lembar(
        wb,
        _("Lowongan"),
        [_("Jabatan"), _("Unit kerja"), _("Jenis jabatan"), _("Kebutuhan"), _("Pemangku"), _("Lowong")],
        [[b.nama, b.unit, b.jenis_label, b.kebutuhan, b.pemangku, b.lowongan] for b in d.lowongan.teratas],
    )
    _lembar(wb, _("Rekomendasi"), [_("Jenis"), _("Menunggu keputusan")], [[r.label, r.jumlah] for r in d.rekomendasi])
    _lembar(
        wb,
        _("Siklus evaluasi"),
        [_("Periode"), _("Selesai periode"), _("Status siklus"), _("Selesai pada")],
        [[s.periode, s.tanggal_selesai, s.status_label or _("Belum dimulai"), s.selesai_pada] for s in d.siklus],
    )
    wb.save(out)


@login_required
def dasbor_xlsx(request: AuthedRequest) -> FileResponse:
    instansi = instansi_komite(request.user)[0]
    d = dasbor_instansi_cached(instansi=instansi)
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - closed by the response
    try:
        dasbor_xlsx_write(d, out, nama_instansi=instansi.nama)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return FileResponse(
        out, as_attachment=True, filename=f"dasbor-{instansi.kode}-{d.pada.isoformat()}.xlsx", content_type=XLSX
    )


urlpatterns: list[URLPattern] = [
    path("dasbor/", dasbor_view, name="dasbor"),
    path("dasbor/ekspor.xlsx", dasbor_xlsx, name="dasbor-xlsx"),
]
