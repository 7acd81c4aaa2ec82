"""Celery tasks of pelatihan: jp. A task takes ids and calls a service."""
