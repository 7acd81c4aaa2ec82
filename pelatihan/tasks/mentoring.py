"""Celery tasks of pelatihan: mentoring. A task takes ids and calls a service."""
