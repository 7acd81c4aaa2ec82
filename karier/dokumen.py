"""A pegawai's career path (jalur karier) as a printable PDF: the same content as the page (who,
next KP and what is missing, the 9-box place and its actions, JP of the year, the rotation window,
the gaps to the current and target jabatan with the programmes closing them, the timeline), on
A4 with the instansi's name and the date printed.

Built like ``penilaian.dokumen``: reportlab's platypus with the built-in Helvetica fonts only, so
it works on a fresh machine without any font files."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer

from karier.selectors.jalur import JalurKarier, PeranTarget, ProfilTarget
from penilaian.dokumen import angka_teks, gaya_dasar, paragraf, tabel, tanggal_teks

LEBAR = A4[0] - 30 * mm


def _gaya() -> dict[str, ParagraphStyle]:
    g = gaya_dasar()
    g["bagian"] = ParagraphStyle("bagian", parent=g["normal"], fontName="Helvetica-Bold", fontSize=10, leading=13)
    return g


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
        teks += f" · JPM {angka_teks(t.jpm)}% ({t.kategori})"
    return teks


def _bagian_target(jalur: JalurKarier, g: dict[str, ParagraphStyle]) -> list[Any]:
    story: list[Any] = [paragraf(_("JABATAN DAN KESENJANGAN KOMPETENSI"), g["bagian"])]
    if jalur.saran:
        story.append(
            paragraf(
                _("Belum ada jabatan target; disarankan jabatan satu tingkat di atas dalam garis atasan."), g["kecil"]
            )
        )
    if not jalur.target:
        story.append(paragraf(_("Belum memiliki jabatan."), g["normal"]))
    for t in jalur.target:
        rows: list[list[Any]] = [
            [
                paragraf(h, g["tebal"])
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
                    paragraf(b.kompetensi.nama, g["kecil"]),
                    paragraf(b.dibutuhkan, g["kecil"]),
                    paragraf(b.dicapai, g["kecil"]),
                    paragraf(b.gap, g["kecil"]),
                    paragraf(program, g["kecil"]),
                ]
            )
        story += [Spacer(1, 1.5 * mm), paragraf(_judul_target(t), g["tebal"])]
        if t.baris:
            story.append(tabel(rows, [55 * mm, 20 * mm, 18 * mm, 22 * mm, LEBAR - 115 * mm]))
        else:
            story.append(paragraf(_("Standar kompetensi jabatan ini belum ditetapkan."), g["normal"]))
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
        paragraf(_("JALUR KARIER PEGAWAI"), g["judul"]),
        paragraf(instansi.upper(), g["subjudul"]),
        paragraf(_("Dicetak pada %(tanggal)s") % {"tanggal": tanggal_teks(timezone.localdate())}, g["tengah"]),
        Spacer(1, 4 * mm),
        tabel(
            [
                [paragraf(_("Nama"), g["tebal"]), paragraf(pegawai.nama_lengkap, g["normal"])],
                [paragraf(_("NIP"), g["tebal"]), paragraf(pegawai.nip, g["normal"])],
                [paragraf(_("Pangkat/golongan"), g["tebal"]), paragraf(pangkat, g["normal"])],
                [paragraf(_("TMT golongan"), g["tebal"]), paragraf(tanggal_teks(pegawai.tmt_golongan), g["normal"])],
                [
                    paragraf(_("Jabatan"), g["tebal"]),
                    paragraf(pegawai.jabatan.nama if pegawai.jabatan is not None else "–", g["normal"]),
                ],
                [paragraf(_("Unit kerja"), g["tebal"]), paragraf(pegawai.unit_kerja.nama, g["normal"])],
                [paragraf(_("Masa kerja"), g["tebal"]), paragraf(jalur.masa_kerja_teks, g["normal"])],
                [paragraf(_("Masa kerja golongan"), g["tebal"]), paragraf(jalur.masa_kerja_golongan_teks, g["normal"])],
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
                paragraf(_("KP berikutnya"), g["tebal"]),
                paragraf(
                    _("%(tanggal)s: dari %(lama)s ke %(baru)s")
                    % {"tanggal": tanggal_teks(kp.tanggal), "lama": kp.golongan, "baru": kp.golongan_baru},
                    g["tebal"],
                ),
            ]
        )
        kp_rows.append(
            [
                paragraf(_("Masa kerja golongan terpenuhi"), g["tebal"]),
                paragraf(tanggal_teks(kp.masa_terpenuhi_pada), g["normal"]),
            ]
        )
    status_kp = _("Memenuhi syarat") if kp.memenuhi else "; ".join(k.pesan for k in kp.kekurangan)
    kp_rows.append(
        [
            paragraf(_("Yang masih kurang") if not kp.memenuhi else _("Status"), g["tebal"]),
            paragraf(status_kp, g["normal"]),
        ]
    )
    story += [
        paragraf(_("KENAIKAN PANGKAT BERIKUTNYA"), g["bagian"]),
        tabel(kp_rows, [45 * mm, LEBAR - 45 * mm], header=False),
        Spacer(1, 3 * mm),
    ]
    t = jalur.talenta
    if t is None:
        talenta_rows = [
            [
                paragraf(_("Kotak talenta"), g["tebal"]),
                paragraf(_("Belum ada penempatan pada peta talenta."), g["normal"]),
            ]
        ]
    else:
        kotak = (
            _("Kotak %(kotak)s (%(tahun)s)") % {"kotak": t.kotak, "tahun": t.tahun}
            if t.kotak
            else _("Belum ditempatkan pada kotak talenta (%(tahun)d)") % {"tahun": t.tahun}
        )
        talenta_rows = [
            [paragraf(_("Kotak talenta"), g["tebal"]), paragraf(kotak, g["tebal"])],
            [paragraf(_("Kotak tahun lalu"), g["tebal"]), paragraf(t.kotak_sebelumnya or "–", g["normal"])],
            [
                paragraf(_("Tindakan yang disarankan"), g["tebal"]),
                paragraf("; ".join(str(x.label) for x in t.tindakan) or "–", g["normal"]),
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
        % {"kandidat": tanggal_teks(r.kandidat_pada), "tempo": tanggal_teks(r.jatuh_tempo_pada)}
        if r.status is not None
        else _("Belum memiliki jabatan.")
    )
    story += [
        paragraf(_("TALENTA, JP DAN ROTASI"), g["bagian"]),
        tabel(
            [
                *talenta_rows,
                [paragraf(_("JP tahun %(tahun)s") % {"tahun": jp.tahun}, g["tebal"]), paragraf(jp_teks, g["normal"])],
                [paragraf(_("Masa jabatan dan rotasi"), g["tebal"]), paragraf(rotasi_teks, g["normal"])],
            ],
            [45 * mm, LEBAR - 45 * mm],
            header=False,
        ),
        Spacer(1, 3 * mm),
        *_bagian_target(jalur, g),
        Spacer(1, 3 * mm),
        paragraf(_("RIWAYAT KARIER"), g["bagian"]),
    ]
    rows: list[list[Any]] = [[paragraf(h, g["tebal"]) for h in (_("Tanggal"), _("Jenis"), _("Uraian"))]]
    for e in jalur.timeline:
        uraian = e.judul + (f" — {e.keterangan}" if e.keterangan else "")
        rows.append(
            [
                paragraf(tanggal_teks(e.tanggal) if e.tanggal else e.tahun, g["kecil"]),
                paragraf(e.jenis_label, g["kecil"]),
                paragraf(uraian, g["kecil"]),
            ]
        )
    if not jalur.timeline:
        rows.append(["", "", paragraf(_("Belum ada riwayat."), g["kecil"])])
    story.append(tabel(rows, [28 * mm, 35 * mm, LEBAR - 63 * mm]))

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
