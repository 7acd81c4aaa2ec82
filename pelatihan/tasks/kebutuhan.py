"""Celery tasks of pelatihan: kebutuhan. A task takes ids and calls a service."""
