"""The yearly 9-box placement and the KRS proposals (filled by its area)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from common.policies import Kebijakan
from pegawai.models import Instansi, User

from .rekomendasi import HasilUsulan


@dataclass(frozen=True)
class HasilTalenta:
    dipetakan: int  # placed in a box
    tanpa_kotak: int  # an axis is missing
    per_kotak: dict[int, int]


def talenta_hitung(*, instansi: Instansi, tahun: int, kebijakan: Kebijakan) -> HasilTalenta:
    raise NotImplementedError


def krs_usulkan(
    *, instansi: Instansi, tahun: int, pada: datetime.date, kebijakan: Kebijakan, actor: User | None = None
) -> HasilUsulan:
    raise NotImplementedError
