"""Celery tasks of pelatihan, one module per area (imported here so that the worker finds them)."""

from . import alokasi, jp, kebutuhan, mentoring

__all__ = ["alokasi", "jp", "kebutuhan", "mentoring"]
