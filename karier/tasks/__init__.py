"""Celery tasks of karier, one module per area (imported here so that the worker finds them)."""

from . import dasbor, tahunan

__all__ = ["dasbor", "tahunan"]
