from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import AuditLog, Notifikasi


def audit_list_for_pegawai(*, pegawai_id: int, limit: int = 50) -> QuerySet[AuditLog]:
    """The audit trail shown on a profile: changes to the pegawai and to their riwayat rows."""
    return AuditLog.objects.filter(pegawai_id=pegawai_id).select_related("actor")[:limit]


def notifikasi_list_for_user(*, user: Any, limit: int = 20) -> QuerySet[Notifikasi]:
    return Notifikasi.objects.filter(user=user).order_by("-created_at", "-id")[:limit]


def notifikasi_belum_dibaca(*, user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notifikasi.objects.filter(user=user, dibaca_pada__isnull=True).count()
