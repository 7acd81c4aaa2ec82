"""What every app's Celery tasks share."""

from __future__ import annotations

from typing import Any

from django.db import InterfaceError, OperationalError

# A task that loads rows and calls a service retries only the database's transient errors, with
# backoff, and is acknowledged after it ran (a killed worker's task runs again; services are
# idempotent).
REPETISI_TRANSIEN: dict[str, Any] = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 5,
    "acks_late": True,
}
