"""Celery tasks of karier, one module per area (imported here so that the worker finds them)."""

from . import tahunan

__all__ = ["tahunan"]
