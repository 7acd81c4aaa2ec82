"""Pure rules for identifiers and dates (DOMAIN.md §6–7). No database access."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _


class NomorTidakValid(ValueError):
    """An identifier broke a rule; the message names the rule."""


@dataclass(frozen=True)
class NIPTerurai:
    tanggal_lahir: datetime.date
    tmt_cpns_tahun: int
    tmt_cpns_bulan: int
    jenis_kelamin: str  # "L" or "P"
    urutan: int


def nip_parse(nip: str, *, today: datetime.date | None = None) -> NIPTerurai:
    """Validate a PNS NIP (18 digits: YYYYMMDD birth, YYYYMM TMT CPNS, gender 1/2, sequence).

    There is no check digit; what can be checked is the layout."""
    if today is None:
        from django.utils import timezone

        today = timezone.localdate()
    if len(nip) != 18 or not nip.isascii() or not nip.isdigit():
        raise NomorTidakValid(_("NIP harus tepat 18 angka."))
    try:
        lahir = datetime.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError as e:
        raise NomorTidakValid(_("Digit 1–8 NIP bukan tanggal lahir yang valid.")) from e
    if lahir.year < 1900 or lahir > today:
        raise NomorTidakValid(_("Digit 1–8 NIP bukan tanggal lahir yang valid."))
    tahun, bulan = int(nip[8:12]), int(nip[12:14])
    if not 1 <= bulan <= 12:
        raise NomorTidakValid(_("Digit 13–14 NIP (bulan TMT CPNS) harus 01–12."))
    if (tahun, bulan) > (today.year, today.month):
        raise NomorTidakValid(_("Digit 9–14 NIP (TMT CPNS) tidak valid."))
    if (tahun, bulan) <= (lahir.year, lahir.month):
        raise NomorTidakValid(_("TMT CPNS pada NIP harus sesudah tanggal lahir."))
    gender = nip[14]
    if gender not in "12":
        raise NomorTidakValid(_("Digit 15 NIP (jenis kelamin) harus 1 atau 2."))
    urutan = int(nip[15:18])
    if urutan < 1:
        raise NomorTidakValid(_("Digit 16–18 NIP (nomor urut) harus 001–999."))
    return NIPTerurai(lahir, tahun, bulan, "L" if gender == "1" else "P", urutan)


def nip_check_profile(
    nip: str,
    *,
    tanggal_lahir: datetime.date | None,
    jenis_kelamin: str | None,
    tmt_cpns: datetime.date | None = None,
    today: datetime.date | None = None,
) -> NIPTerurai:
    """Validate a PNS NIP and cross-check it against the profile it belongs to."""
    parts = nip_parse(nip, today=today)
    if jenis_kelamin and parts.jenis_kelamin != jenis_kelamin:
        raise NomorTidakValid(_("Digit 15 NIP (jenis kelamin) tidak sesuai dengan jenis kelamin."))
    if tanggal_lahir and parts.tanggal_lahir != tanggal_lahir:
        raise NomorTidakValid(_("Tanggal lahir pada NIP tidak sesuai dengan tanggal lahir."))
    if tmt_cpns and (parts.tmt_cpns_tahun, parts.tmt_cpns_bulan) != (tmt_cpns.year, tmt_cpns.month):
        raise NomorTidakValid(_("TMT CPNS pada NIP tidak sesuai dengan TMT CPNS."))
    return parts


def ni_pppk_check(nomor: str) -> None:
    """PPPK numbers are 18 digits; their inner layout is not the PNS one, so nothing more is assumed."""
    if len(nomor) != 18 or not nomor.isascii() or not nomor.isdigit():
        raise NomorTidakValid(_("Nomor induk PPPK harus tepat 18 angka."))


def nik_check(
    nik: str,
    *,
    tanggal_lahir: datetime.date | None = None,
    jenis_kelamin: str | None = None,
) -> None:
    """NIK: 16 digits = region (6) + DDMMYY (DD + 40 for women) + sequence 0001–9999."""
    if len(nik) != 16 or not nik.isascii() or not nik.isdigit():
        raise NomorTidakValid(_("NIK harus tepat 16 angka."))
    if int(nik[0:2]) < 11:  # province codes start at 11 (Aceh)
        raise NomorTidakValid(_("Digit 1–6 NIK (kode wilayah) tidak valid."))
    hari, bulan = int(nik[6:8]), int(nik[8:10])
    perempuan = hari > 40
    if perempuan:
        hari -= 40
    try:
        # a real calendar date; 20YY is a leap year exactly when 19YY is, except 2000 (then both count)
        datetime.date(2000 + int(nik[10:12]), bulan, hari)
    except ValueError as e:
        raise NomorTidakValid(_("Digit 7–12 NIK bukan tanggal lahir yang valid.")) from e
    if int(nik[12:16]) < 1:
        raise NomorTidakValid(_("Digit 13–16 NIK (nomor urut) harus 0001–9999."))
    if tanggal_lahir and (hari, bulan, int(nik[10:12])) != (
        tanggal_lahir.day,
        tanggal_lahir.month,
        tanggal_lahir.year % 100,
    ):
        raise NomorTidakValid(_("Tanggal lahir pada NIK tidak sesuai dengan tanggal lahir."))
    if jenis_kelamin and ("P" if perempuan else "L") != jenis_kelamin:
        raise NomorTidakValid(_("Tanggal pada NIK tidak sesuai dengan jenis kelamin (perempuan +40)."))


@dataclass(frozen=True)
class MasaKerja:
    tahun: int
    bulan: int
    hari: int

    @property
    def total_bulan(self) -> int:
        return self.tahun * 12 + self.bulan

    def __str__(self) -> str:
        return _("%(tahun)d tahun %(bulan)d bulan") % {"tahun": self.tahun, "bulan": self.bulan}


def masa_kerja(mulai: datetime.date, sampai: datetime.date) -> MasaKerja:
    """Whole years, months and days from ``mulai`` to ``sampai``, correct to the day.

    Exactly 4 years from 2020-04-01 is reached on 2024-04-01; on 2024-03-31 it is 3 years
    11 months 30 days. A start on the 31st counts a month as reached on the last day of a
    shorter month."""
    if sampai < mulai:
        return MasaKerja(0, 0, 0)
    months = (sampai.year - mulai.year) * 12 + (sampai.month - mulai.month)
    anchor = _add_months(mulai, months)
    if anchor > sampai:
        months -= 1
        anchor = _add_months(mulai, months)
    return MasaKerja(months // 12, months % 12, (sampai - anchor).days)


def _add_months(d: datetime.date, months: int) -> datetime.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    # clamp to the month's last day
    nxt = datetime.date(year + (month // 12), month % 12 + 1, 1)
    last = (nxt - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(d.day, last))


def add_years(d: datetime.date, years: int) -> datetime.date:
    return _add_months(d, years * 12)


def identitas_errors(
    *,
    jenis_asn: str,
    nip: str,
    nik: str,
    tanggal_lahir: datetime.date | None,
    jenis_kelamin: str | None,
    tmt_cpns: datetime.date | None,
    today: datetime.date | None = None,
) -> dict[str, str]:
    """Field → message for every identity rule broken (NIP per DOMAIN.md §7, NIK, dates)."""
    errors: dict[str, str] = {}
    try:
        if jenis_asn == "PNS":
            nip_check_profile(
                nip,
                tanggal_lahir=tanggal_lahir,
                jenis_kelamin=jenis_kelamin,
                tmt_cpns=tmt_cpns,
                today=today,
            )
        else:
            ni_pppk_check(nip)
    except NomorTidakValid as e:
        errors["nip"] = str(e)
    if nik:
        try:
            nik_check(nik, tanggal_lahir=tanggal_lahir, jenis_kelamin=jenis_kelamin)
        except NomorTidakValid as e:
            errors["nik"] = str(e)
    if tanggal_lahir and tmt_cpns and tmt_cpns <= tanggal_lahir:
        errors["tmt_cpns"] = _("TMT CPNS/PPPK harus sesudah tanggal lahir.")
    return errors


def nip_build(*, tanggal_lahir: datetime.date, tmt_cpns: datetime.date, jenis_kelamin: str, urutan: int) -> str:
    """The NIP layout for given parts (used by demo data and tests; real NIPs come from BKN)."""
    if not 1 <= urutan <= 999:
        raise NomorTidakValid(_("Nomor urut NIP harus 001–999."))
    gender = "1" if jenis_kelamin == "L" else "2"
    return f"{tanggal_lahir:%Y%m%d}{tmt_cpns:%Y%m}{gender}{urutan:03d}"


def nik_build(*, kode_wilayah: str, tanggal_lahir: datetime.date, jenis_kelamin: str, urutan: int) -> str:
    day = tanggal_lahir.day + (40 if jenis_kelamin == "P" else 0)
    return f"{kode_wilayah}{day:02d}{tanggal_lahir:%m%y}{urutan:04d}"
