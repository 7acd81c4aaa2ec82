"""Install the periodic schedules declared in code (``<app>/schedules.py``) into django-celery-beat."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from common.schedules import periodic_tasks_install


class Command(BaseCommand):
    help = (
        "Create or update every periodic schedule declared in code and remove the ones no longer declared. "
        "Idempotent; schedules created by hand in the admin are left alone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default="default", help="Database alias to install into.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = periodic_tasks_install(using=options["database"])
        for label, names in (
            ("created", result.created),
            ("updated", result.updated),
            ("removed", result.deleted),
            ("unchanged", result.unchanged),
        ):
            for name in names:
                self.stdout.write(f"{label}: {name}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Periodic schedules: {len(result.created)} created, {len(result.updated)} updated, "
                f"{len(result.deleted)} removed, {len(result.unchanged)} unchanged."
            )
        )
