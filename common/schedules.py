"""Periodic schedules: declared in code, installed into django-celery-beat.

An app declares its schedules in its own ``schedules.py``, which is discovered automatically::

    from common.schedules import PeriodicSchedule, register

    register(
        PeriodicSchedule(
            name="pegawai.atasan-recompute",
            task="pegawai.tasks.atasan_recompute_all_task",
            crontab="30 1 * * *",  # https://crontab.guru/#30_1_*_*_*
            description="Recompute atasan langsung every night.",
        )
    )

``manage.py setup_periodic_tasks`` (run by the compose ``migrate`` service) and every ``migrate``
(through a ``post_migrate`` hook in ``common.apps``) install them: each declared schedule is created
or brought up to date, and schedules installed from code that are no longer declared are removed.
Schedules created by hand in the admin are never touched: only rows whose name starts with
``OWNED_PREFIX`` belong to this mechanism. Nothing here runs at import time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils.module_loading import autodiscover_modules

OWNED_PREFIX = "code: "
CRONTAB_FIELDS = ("minute", "hour", "day_of_month", "month_of_year", "day_of_week")


@dataclass(frozen=True)
class PeriodicSchedule:
    """One periodic task: a unique name, the registered Celery task name, and a 5-field crontab."""

    name: str
    task: str
    crontab: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    description: str = ""

    def crontab_fields(self) -> dict[str, str]:
        parts = self.crontab.split()
        if len(parts) != len(CRONTAB_FIELDS):
            raise ImproperlyConfigured(
                f"Schedule {self.name!r}: crontab {self.crontab!r} must have 5 fields "
                "(minute hour day_of_month month_of_year day_of_week)."
            )
        return dict(zip(CRONTAB_FIELDS, parts, strict=True))

    @property
    def stored_name(self) -> str:
        return f"{OWNED_PREFIX}{self.name}"

    @property
    def stored_description(self) -> str:
        link = "https://crontab.guru/#" + "_".join(self.crontab.split())
        return f"{self.description} ({link})".strip()


_registry: dict[str, PeriodicSchedule] = {}


def register(schedule: PeriodicSchedule) -> PeriodicSchedule:
    """Declare a schedule. Declaring the same name twice with a different definition is an error."""
    schedule.crontab_fields()  # fail at declaration time on a malformed crontab
    existing = _registry.get(schedule.name)
    if existing is not None and existing != schedule:
        raise ImproperlyConfigured(f"Schedule {schedule.name!r} is declared twice with different definitions.")
    _registry[schedule.name] = schedule
    return schedule


def unregister(name: str) -> None:
    _registry.pop(name, None)


def registered_schedules() -> list[PeriodicSchedule]:
    """Every declared schedule, after importing each installed app's ``schedules`` module."""
    autodiscover_modules("schedules")
    return sorted(_registry.values(), key=lambda s: s.name)


@dataclass(frozen=True)
class InstallResult:
    created: list[str]
    updated: list[str]
    deleted: list[str]
    unchanged: list[str]


def _known_task_names() -> set[str]:
    from config.celery_app import app

    app.loader.import_default_modules()
    return set(app.tasks.keys())


def periodic_tasks_install(
    *, schedules: list[PeriodicSchedule] | None = None, using: str = DEFAULT_DB_ALIAS
) -> InstallResult:
    """Create or update every declared schedule and remove the stale ones installed from code.

    Idempotent: a second run with the same declarations changes nothing (so celery beat does not
    reload). A schedule naming a task that Celery does not know is refused before anything is written.
    """
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    declared = registered_schedules() if schedules is None else schedules
    known = _known_task_names()
    unknown = [s for s in declared if s.task not in known]
    if unknown:
        names = ", ".join(f"{s.name} → {s.task}" for s in unknown)
        raise ImproperlyConfigured(f"Periodic schedules name tasks Celery does not know: {names}")

    created: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    with transaction.atomic(using=using):
        existing = {
            t.name: t
            for t in PeriodicTask.objects.using(using).select_related("crontab").filter(name__startswith=OWNED_PREFIX)
        }
        for schedule in declared:
            crontab, _ = CrontabSchedule.objects.using(using).get_or_create(
                **schedule.crontab_fields(), timezone=settings.TIME_ZONE
            )
            wanted = {
                "task": schedule.task,
                "crontab": crontab,
                "interval": None,
                "solar": None,
                "clocked": None,
                "kwargs": json.dumps(schedule.kwargs, sort_keys=True),
                "description": schedule.stored_description,
                "enabled": True,
                "one_off": False,
            }
            task = existing.pop(schedule.stored_name, None)
            if task is None:
                PeriodicTask(name=schedule.stored_name, **wanted).save(using=using)
                created.append(schedule.name)
                continue
            if all(getattr(task, attr) == value for attr, value in wanted.items()):
                unchanged.append(schedule.name)
                continue
            for attr, value in wanted.items():
                setattr(task, attr, value)
            task.save(using=using)
            updated.append(schedule.name)
        stale = sorted(existing)
        if stale:
            # a queryset delete still sends pre_delete per row, which tells beat to reload
            PeriodicTask.objects.using(using).filter(name__in=stale).delete()
    deleted = [name.removeprefix(OWNED_PREFIX) for name in stale]
    return InstallResult(created=created, updated=updated, deleted=deleted, unchanged=unchanged)


def install_after_migrate(*, using: str = DEFAULT_DB_ALIAS, verbosity: int = 1, **kwargs: Any) -> None:
    """``post_migrate`` receiver: install the schedules once django-celery-beat's tables exist."""
    tables = connections[using].introspection.table_names()
    if "django_celery_beat_periodictask" not in tables or "django_celery_beat_crontabschedule" not in tables:
        return
    result = periodic_tasks_install(using=using)
    if verbosity >= 2 and (result.created or result.updated or result.deleted):
        print(  # noqa: T201
            f"Periodic schedules: {len(result.created)} created, {len(result.updated)} updated, "
            f"{len(result.deleted)} removed."
        )
