"""Cross-cutting writes: generic field updates with audit rows."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import models, transaction
from django.utils import timezone

from .models import AuditLog, Notifikasi

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


@dataclass(frozen=True)
class Pesan:
    """One notification to one user: in-app always, by e-mail when ``email`` is given."""

    user_id: int
    judul: str
    isi: str = ""
    tautan: str = ""
    kunci: str = ""
    email: str = ""


_surel = threading.local()


@contextmanager
def surel_ditahan() -> Iterator[None]:
    """Within this block notifications are in-app only: no e-mail is queued (demo history)."""
    _surel.ditahan = True
    try:
        yield
    finally:
        _surel.ditahan = False


def notifikasi_kirim(*, pesan: Iterable[Pesan], batch_size: int = 2000) -> int:
    """Send many notifications in bulk. A message whose ``kunci`` this user already has is
    skipped (in-app and e-mail), so a job that is rerun does not notify twice. E-mails go after
    the transaction commits, through one connection. Returns how many were new."""
    daftar = list(pesan)
    if not daftar:
        return 0
    berkunci = [p for p in daftar if p.kunci]
    ada: set[tuple[int, str]] = set()
    for i in range(0, len(berkunci), batch_size):
        chunk = berkunci[i : i + batch_size]
        ada.update(
            Notifikasi.objects.filter(
                user_id__in={p.user_id for p in chunk}, kunci__in={p.kunci for p in chunk}
            ).values_list("user_id", "kunci")
        )
    baru = [p for p in daftar if not p.kunci or (p.user_id, p.kunci) not in ada]
    now = timezone.now()
    Notifikasi.objects.bulk_create(
        (
            Notifikasi(
                user_id=p.user_id, judul=p.judul[:200], isi=p.isi, tautan=p.tautan[:300], kunci=p.kunci, created_at=now
            )
            for p in baru
        ),
        batch_size=batch_size,
        ignore_conflicts=True,
    )
    surel = [
        (p.judul, f"{p.isi}\n\n{p.tautan}".strip(), settings.DEFAULT_FROM_EMAIL, [p.email]) for p in baru if p.email
    ]
    if surel and not getattr(_surel, "ditahan", False):
        transaction.on_commit(lambda: send_mass_mail(surel, fail_silently=True))
    return len(baru)


def notifikasi_baca(*, user: Any, notifikasi_id: int | None = None) -> int:
    """Mark one (or, without an id, every) notification of the user as read."""
    qs = Notifikasi.objects.filter(user=user, dibaca_pada__isnull=True)
    if notifikasi_id is not None:
        qs = qs.filter(pk=notifikasi_id)
    return qs.update(dibaca_pada=timezone.now())
