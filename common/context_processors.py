from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def peran(request: HttpRequest) -> dict[str, Any]:
    """Role flags for the navigation; computed once per request from the user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "is_bkd": user.is_bkd,
        "is_pimpinan": user.is_pimpinan,
        "pegawai_saya_id": getattr(user, "pegawai_id_cached", None),
    }
