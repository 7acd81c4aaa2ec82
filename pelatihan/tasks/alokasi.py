"""Celery tasks of pelatihan: alokasi. A task takes ids and calls a service."""
