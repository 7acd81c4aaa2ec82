"""The real-worker helper leaves the Celery app as it found it: tasks of later tests run eagerly."""

from __future__ import annotations

import pytest

from tests.broker import PYTESTMARK, worker_nyata

pytestmark = [*PYTESTMARK, pytest.mark.django_db(transaction=True)]


def test_worker_restores_eager_tasks_and_broker(settings):
    from config.celery_app import app

    sebelum = (app.conf.task_always_eager, app.conf.broker_url)
    with worker_nyata(settings, redis_db=11):
        assert app.conf.task_always_eager is False
    assert (app.conf.task_always_eager, app.conf.broker_url) == sebelum == (True, sebelum[1])
