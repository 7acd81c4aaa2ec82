"""IKM (DOMAIN.md §2): the public survey links of the unit layanan, the anonymous answers with
their rate limit, the complaints routed to the unit, and the IKM per unit and period.

``ikm_hitung_periode`` is what the evaluation cycle calls: one aggregate query over the answers of
the period, then one upsert of every unit's ``HasilIKM``, computed exactly from the raw sums.
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
import string
from collections.abc import Mapping
from typing import Any, cast

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError
from common.services import Pesan, audit_record, notifikasi_kirim
from pegawai.models import Instansi, Pegawai, UnitKerja
from pegawai.selectors import kebijakan_get
from penilaian.models import HasilIKM, Periode, ResponsSurvei, TautanSurvei
from penilaian.rules import UNSUR_IKM, UnsurIKM, ikm_hitung
from penilaian.selectors.ikm import respons_periode_q
from penilaian.selectors.periode import periode_current

KODE_ALFABET = string.ascii_lowercase + string.digits
KODE_PANJANG = 8
SARAN_MAKS = 2000
LAYANAN_MAKS = 200
TINDAK_LANJUT_MAKS = 2000

# Rate limits (settings may override): answers per device per unit per day, and per network
# (IPv4 /24, IPv6 /64) per unit per hour.
BATAS_PERANGKAT_BAWAAN = 3
BATAS_JARINGAN_BAWAAN = 30
SEHARI = 24 * 60 * 60
SEJAM = 60 * 60


class SurveiDibatasi(ApplicationError):
    """Too many answers from one device or one network for this unit: HTTP 429."""

    def __init__(self, message: str, *, coba_lagi_detik: int) -> None:
        super().__init__(message, {"coba_lagi_detik": coba_lagi_detik})
        self.coba_lagi_detik = coba_lagi_detik


def unsur_label(kode: str) -> str:
    """ "U1 Persyaratan": the unsur as the public reads it in messages."""
    return f"{kode.upper()} {UnsurIKM(kode).label}"


# ---------------------------------------------------------------------------------------------
# Links


def _kode_acak() -> str:
    return "".join(secrets.choice(KODE_ALFABET) for _ in range(KODE_PANJANG))


def _kode_unik(jumlah: int) -> list[str]:
    """``jumlah`` fresh codes, distinct from each other and from every stored code."""
    kode: set[str] = set()
    while len(kode) < jumlah:
        calon = {_kode_acak() for _ in range(jumlah - len(kode))} - kode
        dipakai = set(TautanSurvei.objects.filter(kode__in=calon).values_list("kode", flat=True))
        kode |= calon - dipakai
    return sorted(kode)


@transaction.atomic
def tautan_survei_pastikan(*, instansi: Instansi) -> int:
    """A survey link for every unit layanan of the instansi that has none yet; returns how many
    were created."""
    unit_ids = list(
        UnitKerja.objects.filter(instansi=instansi, is_unit_layanan=True, tautan_survei__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not unit_ids:
        return 0
    rows = [
        TautanSurvei(unit_kerja_id=pk, kode=kode) for pk, kode in zip(unit_ids, _kode_unik(len(unit_ids)), strict=True)
    ]
    TautanSurvei.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def tautan_survei_ganti(*, actor: Any, tautan: TautanSurvei) -> TautanSurvei:
    """A new code for the link (the old link and its printed QR code stop working)."""
    lama = tautan.kode
    tautan.kode = _kode_unik(1)[0]
    tautan.save(update_fields=["kode", "updated_at"])
    audit_record(
        actor=actor,
        subject=tautan,
        aksi="update",
        perubahan={"kode": {"lama": lama, "baru": tautan.kode}},
        ringkasan=_("Kode tautan survei diganti"),
        instansi_id=tautan.unit_kerja.instansi_id,
    )
    return tautan


@transaction.atomic
def tautan_survei_atur_aktif(*, actor: Any, tautan: TautanSurvei, aktif: bool) -> TautanSurvei:
    """Open or close the link: a closed link answers 404."""
    if tautan.aktif == aktif:
        return tautan
    tautan.aktif = aktif
    tautan.save(update_fields=["aktif", "updated_at"])
    audit_record(
        actor=actor,
        subject=tautan,
        aksi="update",
        perubahan={"aktif": {"lama": not aktif, "baru": aktif}},
        ringkasan=_("Tautan survei dibuka") if aktif else _("Tautan survei ditutup"),
        instansi_id=tautan.unit_kerja.instansi_id,
    )
    return tautan


# ---------------------------------------------------------------------------------------------
# Answers


def jaringan_dari_alamat(alamat: str) -> str:
    """The network an address belongs to, for the rate limit: IPv4 /24, IPv6 /64 (an IPv4-mapped
    IPv6 address counts as IPv4). Anything unreadable shares one bucket."""
    try:
        ip = ipaddress.ip_address(alamat.strip())
    except ValueError:
        return "tidak-dikenal"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    prefix = 24 if ip.version == 4 else 64
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def _bersih(data: Mapping[str, Any], nama: str) -> str:
    value = data.get(nama)
    return "" if value is None else str(value).strip()


def respons_survei_validasi(data: Mapping[str, Any]) -> dict[str, Any]:
    """The answer's fields, checked: every unsur 1–4, the optional profile from its choices, and
    the lengths. Raises ValidationError naming each field and its rule."""
    errors: dict[str, str] = {}
    bersih: dict[str, Any] = {}
    for kode in UNSUR_IKM:
        raw = _bersih(data, kode)
        if raw == "":
            errors[kode] = _("Pilih jawaban untuk unsur %(unsur)s.") % {"unsur": unsur_label(kode)}
            continue
        try:
            nilai = int(raw)
        except ValueError:
            nilai = 0
        if not 1 <= nilai <= 4:
            errors[kode] = _("Jawaban unsur %(unsur)s harus salah satu dari 1, 2, 3 atau 4.") % {
                "unsur": unsur_label(kode)
            }
            continue
        bersih[kode] = nilai
    pilihan = {
        "kelompok_usia": (ResponsSurvei.KelompokUsia, _("Kelompok usia")),
        "jenis_kelamin": (ResponsSurvei.JenisKelamin, _("Jenis kelamin")),
        "pendidikan": (ResponsSurvei.Pendidikan, _("Pendidikan")),
    }
    for nama, (choices, label) in pilihan.items():
        raw = _bersih(data, nama)
        if raw and raw not in choices.values:
            errors[nama] = _("%(field)s: pilihan tidak dikenal.") % {"field": label}
        else:
            bersih[nama] = raw
    layanan = _bersih(data, "layanan")
    if len(layanan) > LAYANAN_MAKS:
        errors["layanan"] = _("Layanan yang diterima paling panjang %(maks)d karakter.") % {"maks": LAYANAN_MAKS}
    bersih["layanan"] = layanan
    saran = _bersih(data, "saran")
    if len(saran) > SARAN_MAKS:
        errors["saran"] = _("Pengaduan atau saran paling panjang %(maks)d karakter (sekarang %(n)d).") % {
            "maks": SARAN_MAKS,
            "n": len(saran),
        }
    bersih["saran"] = saran
    if errors:
        raise ValidationError(errors)
    return bersih


def _kunci(*bagian: str) -> str:
    # hashed: no raw address or device id in the cache
    return "survei:" + hashlib.sha256("|".join(bagian).encode()).hexdigest()


def _hitung(kunci: str, timeout: int) -> int:
    """Atomic counter in the cache: add with the window's timeout, then increment."""
    cache.add(kunci, 0, timeout)
    try:
        return cache.incr(kunci)
    except ValueError:  # expired between add and incr
        cache.set(kunci, 1, timeout)
        return 1


def _batasi(*, unit_id: int, perangkat: str, jaringan: str) -> None:
    """Count this answer against the device (per day) and the network (per hour) for the unit;
    refuse when either is over its limit."""
    now = timezone.localtime()
    batas_perangkat = int(getattr(settings, "SURVEI_BATAS_PERANGKAT", BATAS_PERANGKAT_BAWAAN))
    batas_jaringan = int(getattr(settings, "SURVEI_BATAS_JARINGAN", BATAS_JARINGAN_BAWAAN))
    n_perangkat = _hitung(_kunci("p", str(unit_id), perangkat, now.strftime("%Y%m%d")), SEHARI)
    if n_perangkat > batas_perangkat:
        raise SurveiDibatasi(
            _(
                "Perangkat ini sudah mengirim %(batas)d jawaban untuk unit ini hari ini. "
                "Terima kasih; silakan kembali besok."
            )
            % {"batas": batas_perangkat},
            coba_lagi_detik=SEHARI - (now.hour * 3600 + now.minute * 60 + now.second),
        )
    n_jaringan = _hitung(_kunci("j", str(unit_id), jaringan, now.strftime("%Y%m%d%H")), SEJAM)
    if n_jaringan > batas_jaringan:
        raise SurveiDibatasi(
            _(
                "Terlalu banyak jawaban untuk unit ini dari jaringan yang sama dalam satu jam terakhir. "
                "Silakan coba lagi nanti."
            ),
            coba_lagi_detik=SEJAM - (now.minute * 60 + now.second),
        )


def tautan_survei_aktif(*, kode: str) -> TautanSurvei:
    """The open link with this code and its unit, or 404."""
    tautan = (
        TautanSurvei.objects.select_related("unit_kerja", "unit_kerja__instansi")
        .filter(kode=str(kode).lower(), aktif=True, unit_kerja__is_unit_layanan=True)
        .first()
    )
    if tautan is None:
        raise Http404
    return tautan


def kepala_unit_user(*, unit_id: int) -> Any:
    """The login of the active holder of the unit's kepala jabatan, or None."""
    pegawai = (
        Pegawai.objects.filter(
            jabatan__unit_kerja_id=unit_id,
            jabatan__is_kepala_unit=True,
            status=Pegawai.Status.AKTIF,
            user__isnull=False,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return pegawai.user if pegawai else None


@transaction.atomic
def respons_survei_simpan(*, tautan_kode: str, data: Mapping[str, Any], perangkat: str, jaringan: str) -> ResponsSurvei:
    """Store one anonymous answer to the unit's survey, in the instansi's current period.

    Bad input: ValidationError naming the field (every unsur by its label). Over the rate limit:
    ``SurveiDibatasi`` (HTTP 429). A complaint or suggestion notifies the kepala of the unit."""
    tautan = tautan_survei_aktif(kode=tautan_kode)
    bersih = respons_survei_validasi(data)
    unit = tautan.unit_kerja
    _batasi(unit_id=unit.pk, perangkat=perangkat, jaringan=jaringan)
    periode = periode_current(instansi=unit.instansi)
    respons = ResponsSurvei.objects.create(unit_kerja=unit, periode=periode, **bersih)
    if respons.saran:
        kepala = kepala_unit_user(unit_id=unit.pk)
        if kepala is not None:
            notifikasi_kirim(
                pesan=[
                    Pesan(
                        user_id=kepala.pk,
                        judul=_("Pengaduan atau saran baru untuk %(unit)s") % {"unit": unit.nama},
                        isi=respons.saran[:500],
                        tautan=reverse("penilaian:ikm-unit", args=[unit.pk]) + "#pengaduan",
                        kunci=f"survei-saran-{respons.pk}",
                        email=kepala.email or "",
                    )
                ]
            )
    return respons


@transaction.atomic
def pengaduan_tindak_lanjut(*, actor: Any, respons: ResponsSurvei, tindak_lanjut: str) -> ResponsSurvei:
    """Record how the unit followed up a complaint or suggestion (it may be corrected later)."""
    teks = (tindak_lanjut or "").strip()
    if not respons.saran:
        raise ValidationError({"tindak_lanjut": _("Jawaban ini tidak berisi pengaduan atau saran.")})
    if not teks:
        raise ValidationError({"tindak_lanjut": _("Tuliskan tindak lanjutnya.")})
    if len(teks) > TINDAK_LANJUT_MAKS:
        raise ValidationError(
            {"tindak_lanjut": _("Tindak lanjut paling panjang %(maks)d karakter.") % {"maks": TINDAK_LANJUT_MAKS}}
        )
    lama = respons.tindak_lanjut
    respons.tindak_lanjut = teks
    respons.ditindaklanjuti_pada = timezone.now()
    respons.save(update_fields=["tindak_lanjut", "ditindaklanjuti_pada", "updated_at"])
    audit_record(
        actor=actor,
        subject=respons,
        aksi="update",
        perubahan={"tindak_lanjut": {"lama": lama, "baru": teks}},
        ringkasan=_("Tindak lanjut pengaduan survei"),
        instansi_id=respons.unit_kerja.instansi_id,
    )
    return respons


# ---------------------------------------------------------------------------------------------
# IKM per unit and period


@transaction.atomic
def ikm_hitung_periode(*, periode: Periode, actor: Any = None) -> int:
    """The IKM of every unit with answers in the period: one aggregate query, then one upsert.
    Exact (rules.ikm_hitung from the raw sums); published when the respondents reach the policy
    minimum. Idempotent: a rerun gives the same rows. Returns the number of units."""
    sums = {f"jumlah_{kode}": Sum(kode) for kode in UNSUR_IKM}
    rows = cast(
        list[dict[str, Any]],
        list(
            ResponsSurvei.objects.filter(respons_periode_q(periode))
            .order_by()
            .values("unit_kerja_id")
            .annotate(responden=Count("id"), **sums)
        ),
    )
    minimal = kebijakan_get(instansi=periode.instansi).ikm_minimal_responden
    now = timezone.now()
    hasil = []
    for row in rows:
        jumlah = [int(row[f"jumlah_{kode}"]) for kode in UNSUR_IKM]
        h = ikm_hitung(jumlah, row["responden"])
        hasil.append(
            HasilIKM(
                unit_kerja_id=row["unit_kerja_id"],
                periode_id=periode.pk,
                responden=h.responden,
                jumlah_unsur=jumlah,
                nrr=[str(n) for n in h.nrr],
                ikm=h.ikm,
                mutu=h.mutu,
                dipublikasikan=h.responden >= minimal,
                dihitung_pada=now,
            )
        )
    HasilIKM.objects.filter(periode=periode).exclude(unit_kerja_id__in=[r["unit_kerja_id"] for r in rows]).delete()
    HasilIKM.objects.bulk_create(
        hasil,
        update_conflicts=True,
        unique_fields=["unit_kerja", "periode"],
        update_fields=[
            "responden",
            "jumlah_unsur",
            "nrr",
            "ikm",
            "mutu",
            "dipublikasikan",
            "dihitung_pada",
            "updated_at",
        ],
    )
    audit_record(
        actor=actor,
        subject=periode,
        aksi="update",
        perubahan={"ikm_unit": len(hasil), "ikm_terbit": sum(1 for h in hasil if h.dipublikasikan)},
        ringkasan=_("IKM periode %(periode)s dihitung") % {"periode": periode.nama},
        instansi_id=periode.instansi_id,
    )
    return len(hasil)
