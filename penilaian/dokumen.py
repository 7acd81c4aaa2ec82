"""The Dokumen Evaluasi Kinerja Pegawai (periodic and annual) as a PDF, in the layout of
PermenPANRB 6/2022: the three persons, the organisation's result and its distribution pattern, the
hasil kerja table, the perilaku kerja, the predikat and the numeric score, and the signatures.

Built with reportlab's platypus on A4 with the built-in Helvetica fonts only, so it works on a
fresh machine without any font files. The data comes from the evaluation's snapshot where there is
one (jabatan and unit of the pegawai; the penilai's own evaluation row in the same period)."""

from __future__ import annotations

import io
import re
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
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pegawai.models import Pegawai
from penilaian.models import EkspektasiPerilaku, EvaluasiKinerja, PredikatUnit, Realisasi
from penilaian.rules import ATURAN_DISTRIBUSI, PERILAKU_STANDAR, AspekPerilaku, PredikatOrganisasi, Rating
from penilaian.selectors.evaluasi import KOMPONEN_LABEL
from penilaian.selectors.kalibrasi import path_ids

LEBAR = A4[0] - 30 * mm


def gaya_dasar() -> dict[str, ParagraphStyle]:
    """The paragraph styles of the product's PDFs (built-in Helvetica only)."""
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
    }


def paragraf(text: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text if text is not None else "")), style)


def tabel(data: list[list[Any]], widths: list[float], header: bool = True) -> Table:
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


def angka_teks(value: Decimal | str | None) -> str:
    if value in (None, ""):
        return "–"
    return formats.number_format(Decimal(str(value)), 2)


def tanggal_teks(value: Any) -> str:
    return formats.date_format(value, "j F Y") if value else "–"


def tempat(nama_instansi: str) -> str:
    """The place for the signature line: "Pemerintah Kota Sibolga" → "Sibolga"."""
    return re.sub(r"^(Pemerintah\s+)?(Kota|Kabupaten|Provinsi)\s+", "", nama_instansi).strip() or nama_instansi


def _orang(pegawai: Pegawai | None, snapshot: EvaluasiKinerja | None) -> dict[str, str]:
    if pegawai is None:
        return {"nama": "–", "nip": "–", "pangkat": "–", "jabatan": "–", "unit": "–"}
    gol = pegawai.golongan
    jabatan = (
        snapshot.nama_jabatan
        if snapshot and snapshot.nama_jabatan
        else (pegawai.jabatan.nama if pegawai.jabatan else "")
    )
    unit = (
        snapshot.nama_unit
        if snapshot and snapshot.nama_unit
        else (pegawai.unit_kerja.nama if pegawai.unit_kerja else "")
    )
    return {
        "nama": pegawai.nama_lengkap,
        "nip": pegawai.nip,
        "pangkat": f"{gol.pangkat} ({gol.kode})" if gol.pangkat else gol.kode,
        "jabatan": jabatan or "–",
        "unit": unit or "–",
    }


def dokumen_data(*, evaluasi: EvaluasiKinerja) -> dict[str, Any]:
    """Everything the document shows, read in a fixed number of queries."""
    ev = EvaluasiKinerja.objects.select_related(
        "periode",
        "periode__instansi",
        "pegawai",
        "pegawai__golongan",
        "pegawai__jabatan",
        "pegawai__unit_kerja",
        "pejabat_penilai",
        "pejabat_penilai__golongan",
        "pejabat_penilai__jabatan",
        "pejabat_penilai__unit_kerja",
        "atasan_pejabat_penilai",
        "atasan_pejabat_penilai__golongan",
        "atasan_pejabat_penilai__jabatan",
        "atasan_pejabat_penilai__unit_kerja",
        "unit_kerja",
        "skp",
    ).get(pk=evaluasi.pk)
    penilai_ids = [i for i in (ev.pejabat_penilai_id, ev.atasan_pejabat_penilai_id) if i]
    snapshot = {e.pegawai_id: e for e in EvaluasiKinerja.objects.filter(periode=ev.periode, pegawai_id__in=penilai_ids)}
    predikat_unit = None
    if ev.unit_kerja is not None:
        ids = path_ids(ev.unit_kerja.path)
        per_unit = {p.unit_kerja_id: p for p in PredikatUnit.objects.filter(periode=ev.periode, unit_kerja_id__in=ids)}
        predikat_unit = next((per_unit[i] for i in reversed(ids) if i in per_unit), None)
    hasil_kerja: list[dict[str, Any]] = []
    ekspektasi: dict[str, str] = {}
    if ev.skp is not None:
        realisasi = {
            r.indikator_id: r
            for r in Realisasi.objects.filter(periode=ev.periode, indikator__rhk__skp=ev.skp).select_related(
                "indikator"
            )
        }
        for rhk in ev.skp.rhk.prefetch_related("indikator").order_by("jenis", "urutan", "id"):
            for ind in rhk.indikator.all():
                r = realisasi.get(ind.pk)
                target = (
                    f"{angka_teks(ind.target)} {ind.satuan}".strip()
                    if ind.target is not None
                    else ind.target_kualitatif
                )
                if r is None:
                    nilai_r = "–"
                elif r.nilai is not None:
                    nilai_r = f"{angka_teks(r.nilai)} {ind.satuan}".strip()
                else:
                    nilai_r = r.nilai_kualitatif or "–"
                hasil_kerja.append(
                    {
                        "rhk": rhk.uraian,
                        "jenis": rhk.get_jenis_display(),
                        "indikator": ind.uraian,
                        "target": target or "–",
                        "realisasi": nilai_r,
                        "capaian": f"{angka_teks(r.capaian)}%" if r is not None and r.capaian is not None else "–",
                    }
                )
        ekspektasi = dict(EkspektasiPerilaku.objects.filter(skp=ev.skp).values_list("aspek", "ekspektasi_khusus"))
    return {
        "evaluasi": ev,
        "pegawai": _orang(ev.pegawai, ev),
        "penilai": _orang(ev.pejabat_penilai, snapshot.get(ev.pejabat_penilai_id or 0)),
        "atasan_penilai": _orang(ev.atasan_pejabat_penilai, snapshot.get(ev.atasan_pejabat_penilai_id or 0)),
        "predikat_unit": predikat_unit,
        "hasil_kerja": hasil_kerja,
        "ekspektasi": ekspektasi,
    }


def _periode_teks(ev: EvaluasiKinerja) -> str:
    if ev.periode.is_tahunan:
        return _("TAHUNAN %(tahun)s") % {"tahun": ev.periode.tahun}
    return f"{tanggal_teks(ev.periode.tanggal_mulai)} – {tanggal_teks(ev.periode.tanggal_selesai)}".upper()


def _blok_orang(no: str, judul: str, orang: dict[str, str], g: dict[str, ParagraphStyle]) -> Table:
    rows = [
        [paragraf(no, g["tebal"]), paragraf(judul, g["tebal"]), ""],
        ["", paragraf(_("Nama"), g["normal"]), paragraf(orang["nama"], g["normal"])],
        ["", paragraf(_("NIP"), g["normal"]), paragraf(orang["nip"], g["normal"])],
        ["", paragraf(_("Pangkat/golongan"), g["normal"]), paragraf(orang["pangkat"], g["normal"])],
        ["", paragraf(_("Jabatan"), g["normal"]), paragraf(orang["jabatan"], g["normal"])],
        ["", paragraf(_("Unit kerja"), g["normal"]), paragraf(orang["unit"], g["normal"])],
    ]
    t = tabel(rows, [8 * mm, 45 * mm, LEBAR - 53 * mm], header=False)
    t.setStyle(TableStyle([("SPAN", (1, 0), (2, 0)), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef"))]))
    return t


def _rating(value: str) -> str:
    return str(Rating(value).label).upper() if value else _("BELUM DINILAI")


def dokumen_evaluasi_pdf(*, evaluasi: EvaluasiKinerja, kompres: bool = True) -> bytes:
    """The document as PDF bytes. ``kompres=False`` writes uncompressed page streams (the text can
    then be searched in the bytes, as the tests do)."""
    d = dokumen_data(evaluasi=evaluasi)
    ev: EvaluasiKinerja = d["evaluasi"]
    g = gaya_dasar()
    story: list[Any] = [
        paragraf(_("DOKUMEN EVALUASI KINERJA PEGAWAI"), g["judul"]),
        paragraf(_("PERIODE: %(periode)s") % {"periode": _periode_teks(ev)}, g["subjudul"]),
        paragraf(ev.periode.instansi.nama.upper(), g["subjudul"]),
        Spacer(1, 5 * mm),
        _blok_orang("1", _("PEGAWAI YANG DINILAI"), d["pegawai"], g),
        Spacer(1, 2 * mm),
        _blok_orang("2", _("PEJABAT PENILAI KINERJA"), d["penilai"], g),
        Spacer(1, 2 * mm),
        _blok_orang("3", _("ATASAN PEJABAT PENILAI KINERJA"), d["atasan_penilai"], g),
        Spacer(1, 3 * mm),
    ]
    pu: PredikatUnit | None = d["predikat_unit"]
    if pu is not None:
        organisasi = _("%(predikat)s (%(unit)s)") % {
            "predikat": PredikatOrganisasi(pu.predikat_organisasi).label,
            "unit": pu.unit_kerja.nama,
        }
        pola = "; ".join(str(a.teks) for a in ATURAN_DISTRIBUSI[PredikatOrganisasi(pu.predikat_organisasi)])
    else:
        organisasi = _("Belum ditetapkan")
        pola = "–"
    story += [
        tabel(
            [
                [
                    paragraf("4", g["tebal"]),
                    paragraf(_("CAPAIAN KINERJA ORGANISASI"), g["tebal"]),
                    paragraf(organisasi, g["normal"]),
                ],
                [paragraf("5", g["tebal"]), paragraf(_("POLA DISTRIBUSI"), g["tebal"]), paragraf(pola, g["normal"])],
            ],
            [8 * mm, 55 * mm, LEBAR - 63 * mm],
            header=False,
        ),
        Spacer(1, 3 * mm),
        paragraf(_("HASIL KERJA"), g["tebal"]),
    ]
    rows: list[list[Any]] = [
        [
            paragraf(h, g["tebal"])
            for h in (_("No"), _("Rencana hasil kerja"), _("Indikator"), _("Target"), _("Realisasi"), _("Capaian"))
        ]
    ]
    for i, h in enumerate(d["hasil_kerja"], start=1):
        rows.append(
            [
                paragraf(i, g["kecil"]),
                paragraf(f"{h['rhk']} ({h['jenis']})", g["kecil"]),
                paragraf(h["indikator"], g["kecil"]),
                paragraf(h["target"], g["kecil"]),
                paragraf(h["realisasi"], g["kecil"]),
                paragraf(h["capaian"], g["kecil"]),
            ]
        )
    if not d["hasil_kerja"]:
        rows.append(["", paragraf(_("Tidak ada rencana hasil kerja."), g["kecil"]), "", "", "", ""])
    story += [
        tabel(rows, [8 * mm, 50 * mm, 50 * mm, 25 * mm, 25 * mm, LEBAR - 158 * mm]),
        tabel(
            [[paragraf(_("RATING HASIL KERJA"), g["tebal"]), paragraf(_rating(ev.rating_hasil_kerja), g["tebal"])]],
            [LEBAR / 2, LEBAR / 2],
            header=False,
        ),
        Spacer(1, 3 * mm),
        paragraf(_("PERILAKU KERJA"), g["tebal"]),
    ]
    rows = [[paragraf(h, g["tebal"]) for h in (_("No"), _("Perilaku kerja"), _("Ekspektasi khusus pimpinan"))]]
    for i, aspek in enumerate(AspekPerilaku, start=1):
        rows.append(
            [
                paragraf(i, g["kecil"]),
                Paragraph(f"<b>{escape(str(aspek.label))}</b><br/>{escape(str(PERILAKU_STANDAR[aspek]))}", g["kecil"]),
                paragraf(d["ekspektasi"].get(aspek.value) or "–", g["kecil"]),
            ]
        )
    story += [
        tabel(rows, [8 * mm, 110 * mm, LEBAR - 118 * mm]),
        tabel(
            [[paragraf(_("RATING PERILAKU KERJA"), g["tebal"]), paragraf(_rating(ev.rating_perilaku), g["tebal"])]],
            [LEBAR / 2, LEBAR / 2],
            header=False,
        ),
        Spacer(1, 3 * mm),
    ]
    predikat = str(ev.get_predikat_display()).upper() if ev.predikat else _("BELUM DINILAI")
    story.append(
        tabel(
            [[paragraf(_("PREDIKAT KINERJA PEGAWAI"), g["tebal"]), paragraf(predikat, g["tebal"])]],
            [LEBAR / 2, LEBAR / 2],
            header=False,
        )
    )
    if ev.alasan_penyesuaian:
        matriks = ev.get_predikat_matriks_display() if ev.predikat_matriks else "–"
        story.append(
            paragraf(
                _("Disesuaikan dalam kalibrasi dari %(matriks)s. Alasan: %(alasan)s")
                % {"matriks": matriks, "alasan": ev.alasan_penyesuaian},
                g["kecil"],
            )
        )
    story.append(Spacer(1, 3 * mm))
    rows = [[paragraf(h, g["tebal"]) for h in (_("Komponen nilai"), _("Nilai"), _("Bobot"), _("Sumber"))]]
    komponen = (ev.komponen or {}).get("komponen") or [
        {"nama": _("Hasil kerja"), "nilai": ev.nilai_hasil_kerja, "bobot": None, "sumber": ""},
        {"nama": _("Perilaku kerja"), "nilai": ev.nilai_perilaku, "bobot": None, "sumber": ""},
        {"nama": _("IKM unit"), "nilai": ev.nilai_ikm, "bobot": None, "sumber": ""},
    ]
    for k in komponen:
        rows.append(
            [
                paragraf(str(KOMPONEN_LABEL.get(k.get("nama", ""), k.get("nama", ""))), g["kecil"]),
                paragraf(angka_teks(k.get("nilai")), g["kecil"]),
                paragraf(f"{angka_teks(k.get('bobot'))}%" if k.get("bobot") not in (None, "") else "–", g["kecil"]),
                paragraf(k.get("sumber") or "–", g["kecil"]),
            ]
        )
    rows.append([paragraf(_("NILAI AKHIR"), g["tebal"]), paragraf(angka_teks(ev.nilai_akhir), g["tebal"]), "", ""])
    story.append(tabel(rows, [60 * mm, 25 * mm, 25 * mm, LEBAR - 110 * mm]))
    tanggal = timezone.localtime(ev.dinilai_pada).date() if ev.dinilai_pada else ev.periode.tanggal_selesai
    ttd = [
        [
            paragraf("", g["tengah"]),
            paragraf(f"{tempat(ev.periode.instansi.nama)}, {tanggal_teks(tanggal)}", g["tengah"]),
        ],
        [paragraf(_("Pegawai yang dinilai"), g["tengah"]), paragraf(_("Pejabat penilai kinerja"), g["tengah"])],
        [Spacer(1, 18 * mm), Spacer(1, 18 * mm)],
        [paragraf(d["pegawai"]["nama"], g["tebal"]), paragraf(d["penilai"]["nama"], g["tebal"])],
        [
            paragraf(_("NIP %(nip)s") % {"nip": d["pegawai"]["nip"]}, g["tengah"]),
            paragraf(_("NIP %(nip)s") % {"nip": d["penilai"]["nip"]}, g["tengah"]),
        ],
    ]
    t = Table(ttd, colWidths=[LEBAR / 2, LEBAR / 2])
    t.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    story += [Spacer(1, 6 * mm), KeepTogether([t])]

    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=str(_("Dokumen Evaluasi Kinerja Pegawai")),
        author=ev.periode.instansi.nama,
        pageCompression=1 if kompres else 0,
        invariant=0 if kompres else 1,
    )
    doc.build(story)
    return out.getvalue()
