from __future__ import annotations

from django.db.models import QuerySet

from .models import AuditLog


def audit_list_for_pegawai(*, pegawai_id: int, limit: int = 50) -> QuerySet[AuditLog]:
    """The audit trail shown on a profile: changes to the pegawai and to their riwayat rows."""
    return AuditLog.objects.filter(pegawai_id=pegawai_id).select_related("actor")[:limit]
