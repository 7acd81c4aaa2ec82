from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def peran(request: HttpRequest) -> dict[str, Any]:
    """Role flags for the navigation. The ones that need a query are lazy: a page whose template
    never asks for them pays nothing, and one that does pays once.

    common sits below pegawai, so the user's pegawai record is reached through the user's own
    reverse relation (``user.pegawai``) rather than by importing pegawai."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"is_bkd": False, "is_pimpinan": False}

    cache: dict[str, Any] = {}

    def _pegawai() -> Any:
        # one query for the pegawai and their jabatan (the nav asks for both)
        if "pegawai" not in cache:
            model = user._meta.get_field("pegawai").related_model
            cache["pegawai"] = model._default_manager.select_related("jabatan").filter(user_id=user.pk).first()
        return cache["pegawai"]

    def _pegawai_id() -> int | None:
        me = _pegawai()
        return me.pk if me is not None else None

    def _is_atasan() -> bool:
        # derived role: holds a jabatan that others report to (as pegawai.selectors.is_atasan)
        me = _pegawai()
        return me is not None and me.bawahan_langsung.exists()

    def _is_kepala_unit() -> bool:
        me = _pegawai()
        return me is not None and me.jabatan_id is not None and me.jabatan.is_kepala_unit

    def _notifikasi_baru() -> int:
        from .selectors import notifikasi_belum_dibaca

        return notifikasi_belum_dibaca(user=user)

    return {
        "notifikasi_baru": SimpleLazyObject(_notifikasi_baru),
        "is_bkd": getattr(user, "is_bkd", False),
        "is_pimpinan": getattr(user, "is_pimpinan", False),
        "is_superuser_global": user.is_superuser and getattr(user, "instansi_id", None) is None,
        "pegawai_saya_id": SimpleLazyObject(_pegawai_id),
        "is_atasan": SimpleLazyObject(_is_atasan),
        "is_kepala_unit": SimpleLazyObject(_is_kepala_unit),
    }
