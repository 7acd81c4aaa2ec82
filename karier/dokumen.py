"""A pegawai's career path (jalur karier) as a printable PDF: the same content as the page (who,
next KP and what is missing, the 9-box place and its actions, JP of the year, the rotation window,
the gaps to the current and target jabatan with the programmes closing them, the timeline), on
A4 with the instansi's name and the date printed.

Built like ``penilaian.dokumen``: reportlab's platypus with the built-in Helvetica fonts only, so
it works on a fresh machine without any font files."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from karier.selectors.jalur import JalurKarier, PeranTarget, ProfilTarget

LEBAR = A4[0] - 30 * mm


def _gaya() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    normal = ParagraphStyle("normal", parent=base["Normal"], fontName="Helvetica", fontSize=8.5, leading=10.5)
    return {
        "normal": normal,
        "kecil": ParagraphStyle("kecil", parent=normal, fontSize=7.5, leading=9),
        "tebal": ParagraphStyle("tebal", parent=normal, fontName="Helvetica-Bold"),
        "judul": ParagraphStyle(
            "judul", parent=normal, fontName="Helvetica-Bold", fontSize=12, leading=15, alignment=TA_CENTER
        ),
        "subjudul": ParagraphStyle("subjudul", parent=normal, fontName="Helvetica-Bold", alignment=TA_CENTER),
        "tengah": ParagraphStyle("tengah", parent=normal, alignment=TA_CENTER),
        "bagian": ParagraphStyle("bagian", parent=normal, fontName="Helvetica-Bold", fontSize=10, leading=13),
    }


def _p(text: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text if text is not None else "")), style)


def _tabel(data: list[list[Any]], widths: list[float], header: bool = True) -> Table:
    t = Table(data, colWidths=widths, repeatRows=1 if header else 0)
    perintah: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), "Helvetica"),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
    ]
    if header:
        perintah.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")))
    t.setStyle(TableStyle(perintah))
    return t


def _tanggal(value: Any) -> str:
    return formats.date_format(value, "j F Y") if value else "–"


def _angka(value: Decimal | None) -> str:
    return "–" if value is None else formats.number_format(value, 2)


def _judul_target(t: ProfilTarget) -> str:
    peran = {
        PeranTarget.SEKARANG: _("Jabatan saat ini"),
        PeranTarget.TARGET: _("Jabatan target"),
        PeranTarget.SARAN: _("Saran jabatan target"),
    }[t.peran]
    teks = f"{peran}: {t.nama}"
    if t.sumber:
        teks += f" ({t.sumber_label})"
    if t.jpm is not None:
        teks += f" · JPM {_angka(t.jpm)}% ({t.kategori})"
    return teks


def _bagian_target(jalur: JalurKarier, g: dict[str, ParagraphStyle]) -> list[Any]:
    story: list[Any] = [_p(_("JABATAN DAN KESENJANGAN KOMPETENSI"), g["bagian"])]
    if jalur.saran:
        story.append(
            _p(_("Belum ada jabatan target; disarankan jabatan satu tingkat di atas dalam garis atasan."), g["kecil"])
        )
    if not jalur.target:
        story.append(_p(_("Belum memiliki jabatan."), g["normal"]))
    for t in jalur.target:
        rows: list[list[Any]] = [
            [
                _p(h, g["tebal"])
                for h in (_("Kompetensi"), _("Dibutuhkan"), _("Dicapai"), _("Kesenjangan"), _("Program yang menutup"))
            ]
        ]
        for b in t.baris:
            if not b.gap:
                program = _("Terpenuhi")
            elif b.program:
                program = "; ".join(
                    f"{p.nama} (" + _("level %(level)s") % {"level": level} + ")" for p, level, _syarat in b.program
                )
            else:
                program = _("Belum ada program tahun ini")
            rows.append(
                [
                    _p(b.kompetensi.nama, g["kecil"]),
                    _p(b.dibutuhkan, g["kecil"]),
                    _p(b.dicapai, g["kecil"]),
                    _p(b.gap, g["kecil"]),
                    _p(program, g["kecil"]),
                ]
            )
        story += [Spacer(1, 1.5 * mm), _p(_judul_target(t), g["tebal"])]
        if t.baris:
            story.append(_tabel(rows, [55 * mm, 20 * mm, 18 * mm, 22 * mm, LEBAR - 115 * mm]))
        else:
            story.append(_p(_("Standar kompetensi jabatan ini belum ditetapkan."), g["normal"]))
    return story


def jalur_karier_pdf(*, jalur: JalurKarier, kompres: bool = True) -> bytes:
    """The career path as PDF bytes. ``kompres=False`` writes uncompressed page streams (the text
    can then be searched in the bytes, as the tests do)."""
    pegawai = jalur.pegawai
    instansi = pegawai.instansi.nama
    g = _gaya()
    gol = pegawai.golongan
    pangkat = f"{gol.pangkat} ({gol.kode})" if gol.pangkat else gol.kode
    story: list[Any] = [
        _p(_("JALUR KARIER PEGAWAI"), g["judul"]),
        _p(instansi.upper(), g["subjudul"]),
        _p(_("Dicetak pada %(tanggal)s") % {"tanggal": _tanggal(timezone.localdate())}, g["tengah"]),
        Spacer(1, 4 * mm),
        _tabel(
            [
                [_p(_("Nama"), g["tebal"]), _p(pegawai.nama_lengkap, g["normal"])],
                [_p(_("NIP"), g["tebal"]), _p(pegawai.nip, g["normal"])],
                [_p(_("Pangkat/golongan"), g["tebal"]), _p(pangkat, g["normal"])],
                [_p(_("TMT golongan"), g["tebal"]), _p(_tanggal(pegawai.tmt_golongan), g["normal"])],
                [
                    _p(_("Jabatan"), g["tebal"]),
                    _p(pegawai.jabatan.nama if pegawai.jabatan is not None else "–", g["normal"]),
                ],
                [_p(_("Unit kerja"), g["tebal"]), _p(pegawai.unit_kerja.nama, g["normal"])],
                [_p(_("Masa kerja"), g["tebal"]), _p(jalur.masa_kerja_teks, g["normal"])],
                [_p(_("Masa kerja golongan"), g["tebal"]), _p(jalur.masa_kerja_golongan_teks, g["normal"])],
            ],
            [45 * mm, LEBAR - 45 * mm],
            header=False,
        ),
        Spacer(1, 3 * mm),
    ]
    kp = jalur.kp
    kp_rows: list[list[Any]] = []
    if kp.tanggal is not None:
        kp_rows.append(
            [
                _p(_("KP berikutnya"), g["tebal"]),
                _p(
                    _("%(tanggal)s: dari %(lama)s ke %(baru)s")
                    % {"tanggal": _tanggal(kp.tanggal), "lama": kp.golongan, "baru": kp.golongan_baru},
                    g["tebal"],
                ),
            ]
        )
        kp_rows.append(
            [
                _p(_("Masa kerja golongan terpenuhi"), g["tebal"]),
                _p(_tanggal(kp.masa_terpenuhi_pada), g["normal"]),
            ]
        )
    status_kp = _("Memenuhi syarat") if kp.memenuhi else "; ".join(k.pesan for k in kp.kekurangan)
    kp_rows.append(
        [_p(_("Yang masih kurang") if not kp.memenuhi else _("Status"), g["tebal"]), _p(status_kp, g["normal"])]
    )
    story += [
        _p(_("KENAIKAN PANGKAT BERIKUTNYA"), g["bagian"]),
        _tabel(kp_rows, [45 * mm, LEBAR - 45 * mm], header=False),
        Spacer(1, 3 * mm),
    ]
    t = jalur.talenta
    if t is None:
        talenta_rows = [
            [_p(_("Kotak talenta"), g["tebal"]), _p(_("Belum ada penempatan pada peta talenta."), g["normal"])]
        ]
    else:
        kotak = (
            _("Kotak %(kotak)s (%(tahun)s)") % {"kotak": t.kotak, "tahun": t.tahun}
            if t.kotak
            else _("Belum ditempatkan pada kotak talenta (%(tahun)d)") % {"tahun": t.tahun}
        )
        talenta_rows = [
            [_p(_("Kotak talenta"), g["tebal"]), _p(kotak, g["tebal"])],
            [_p(_("Kotak tahun lalu"), g["tebal"]), _p(t.kotak_sebelumnya or "–", g["normal"])],
            [
                _p(_("Tindakan yang disarankan"), g["tebal"]),
                _p("; ".join(str(x.label) for x in t.tindakan) or "–", g["normal"]),
            ],
        ]
    jp = jalur.jp
    jp_teks = _("%(jp)s dari %(minimal)s JP") % {"jp": jp.jp_ringkas, "minimal": jp.minimal}
    if not jp.memenuhi:
        jp_teks += " · " + _("kurang %(kurang)s JP") % {"kurang": jp.kurang_ringkas}
    r = jalur.rotasi
    rotasi_teks = (
        f"{r.status_label}: {r.masa_teks} · "
        + _("kandidat sejak %(kandidat)s, jatuh tempo %(tempo)s")
        % {"kandidat": _tanggal(r.kandidat_pada), "tempo": _tanggal(r.jatuh_tempo_pada)}
        if r.status is not None
        else _("Belum memiliki jabatan.")
    )
    story += [
        _p(_("TALENTA, JP DAN ROTASI"), g["bagian"]),
        _tabel(
            [
                *talenta_rows,
                [_p(_("JP tahun %(tahun)s") % {"tahun": jp.tahun}, g["tebal"]), _p(jp_teks, g["normal"])],
                [_p(_("Masa jabatan dan rotasi"), g["tebal"]), _p(rotasi_teks, g["normal"])],
            ],
            [45 * mm, LEBAR - 45 * mm],
            header=False,
        ),
        Spacer(1, 3 * mm),
        *_bagian_target(jalur, g),
        Spacer(1, 3 * mm),
        _p(_("RIWAYAT KARIER"), g["bagian"]),
    ]
    rows: list[list[Any]] = [[_p(h, g["tebal"]) for h in (_("Tanggal"), _("Jenis"), _("Uraian"))]]
    for e in jalur.timeline:
        uraian = e.judul + (f" — {e.keterangan}" if e.keterangan else "")
        rows.append(
            [
                _p(_tanggal(e.tanggal) if e.tanggal else e.tahun, g["kecil"]),
                _p(e.jenis_label, g["kecil"]),
                _p(uraian, g["kecil"]),
            ]
        )
    if not jalur.timeline:
        rows.append(["", "", _p(_("Belum ada riwayat."), g["kecil"])])
    story.append(_tabel(rows, [28 * mm, 35 * mm, LEBAR - 63 * mm]))

    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=str(_("Jalur karier pegawai")),
        author=instansi,
        pageCompression=1 if kompres else 0,
        invariant=0 if kompres else 1,
    )
    doc.build(story)
    return out.getvalue()
