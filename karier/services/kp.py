"""KP proposals for the next KP date (filled by its area)."""

from __future__ import annotations

import datetime

from common.policies import Kebijakan
from pegawai.models import Instansi, User

from .rekomendasi import HasilUsulan


def kp_usulkan(
    *, instansi: Instansi, tahun: int, pada: datetime.date, kebijakan: Kebijakan, actor: User | None = None
) -> HasilUsulan:
    raise NotImplementedError
