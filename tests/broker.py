"""A real Celery worker on the real Redis broker (REDIS_URL), for the tests marked ``broker``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

PYTESTMARK = [
    pytest.mark.broker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set: no broker to test against"),
]


@contextmanager
def worker_nyata(settings: Any, *, redis_db: int) -> Iterator[Any]:
    """A solo worker thread consuming from Redis database ``redis_db``, emptied first, so that no
    other suite's worker (or a message left by an earlier run) shares the queue with the test.
    The caller imports its tasks module first so the tasks are registered with the app."""
    from celery.contrib.testing.worker import start_worker

    from config.celery_app import app

    redis_url = urlunsplit(urlsplit(os.environ["REDIS_URL"])._replace(path=f"/{redis_db}"))
    # read the app's values before the settings change: Celery reads Django's settings lazily, so
    # saving them afterwards would keep task_always_eager off for every later test of the process
    saved = {k: app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager")}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(broker_url=redis_url, result_backend=redis_url, task_always_eager=False)
    _drop_connections(app)
    try:
        app.control.purge()
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            yield app
    finally:
        app.conf.update(saved)
        _drop_connections(app)


def _drop_connections(app: Any) -> None:
    """Forget pooled connections opened for another broker URL (as Celery does after a fork)."""
    app._pool = None
    app.amqp._producer_pool = None


class TaskRuns(list[tuple[str, bool, Any]]):
    """(task name, ran eagerly?, return value) of every task that finishes until ``stop()``."""

    def __init__(self) -> None:
        from celery.signals import task_postrun

        super().__init__()
        self._signal = task_postrun
        task_postrun.connect(self._record, weak=False)

    def _record(self, sender: Any = None, task: Any = None, retval: Any = None, **kwargs: Any) -> None:
        self.append((task.name, bool(task.request.is_eager), retval))

    def stop(self) -> None:
        self._signal.disconnect(self._record)


def task_runs() -> TaskRuns:
    return TaskRuns()
