"""The Celery app. Without a broker (no REDIS_URL) tasks run in-process, synchronously."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("asn_karier")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
