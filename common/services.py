"""Cross-cutting writes: generic field updates with audit rows."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from .models import AuditLog

M = TypeVar("M", bound=models.Model)


def _plain(value: Any) -> Any:
    """A JSON-friendly form of a field value, for the audit trail."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def audit_record(
    *,
    actor: Any,
    subject: models.Model,
    aksi: str,
    perubahan: dict[str, Any] | None = None,
    ringkasan: str = "",
    instansi_id: int | None = None,
    pegawai_id: int | None = None,
) -> AuditLog:
    return AuditLog.objects.create(
        instansi_id=instansi_id,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        content_type=ContentType.objects.get_for_model(subject, for_concrete_model=True),
        object_id=subject.pk,
        pegawai_id=pegawai_id,
        aksi=aksi,
        ringkasan=ringkasan[:255],
        perubahan=perubahan or {},
    )


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: _plain(getattr(instance, name)) for name in fields}


@transaction.atomic
def model_update(
    *,
    instance: M,
    fields: list[str],
    data: dict[str, Any],
    actor: Any = None,
    instansi_id: int | None = None,
    pegawai_id: int | None = None,
    ringkasan: str = "",
) -> tuple[M, bool]:
    """Set the whitelisted ``fields`` present in ``data``, validate, save only what changed,
    and write one audit row with the old and new values. Returns (instance, changed)."""
    changes: dict[str, Any] = {}
    previous: dict[str, Any] = {}
    for name in fields:
        if name not in data:
            continue
        old = getattr(instance, name)
        new = data[name]
        if old != new:
            changes[name] = {"lama": _plain(old), "baru": _plain(new)}
            previous[name] = old
            setattr(instance, name, new)
    if not changes:
        return instance, False
    try:
        instance.full_clean()
    except ValidationError:
        # the caller's object goes back to what is stored: nothing half-applied, even in memory
        for name, old in previous.items():
            setattr(instance, name, old)
        raise
    update_fields = [f.name for f in instance._meta.concrete_fields if f.name in changes]
    if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
        instance.updated_at = timezone.now()  # type: ignore[attr-defined]
        update_fields.append("updated_at")
    # ForeignKey fields are stored under their attname
    update_fields = [f.attname for f in instance._meta.concrete_fields if f.name in update_fields]
    instance.save(update_fields=update_fields)
    audit_record(
        actor=actor,
        subject=instance,
        aksi=AuditLog.Aksi.UPDATE,
        perubahan=changes,
        ringkasan=ringkasan,
        instansi_id=instansi_id,
        pegawai_id=pegawai_id,
    )
    return instance, True
