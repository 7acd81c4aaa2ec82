"""Project-wide HTML/JSON endpoints that belong to no domain app."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@transaction.non_atomic_requests
@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness for the load balancer and the compose health check.

    200 {"status": "ok"} when the database answers ``SELECT 1`` and, when a broker is configured,
    Redis answers PING; 503 naming the component that failed otherwise. No authentication, no data.
    """
    failed: list[str] = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("health: database check failed")
        failed.append("database")
    if settings.REDIS_URL:
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2).ping()
        except redis.RedisError:
            logger.exception("health: redis check failed")
            failed.append("redis")
    if failed:
        return JsonResponse({"status": "error", "failed": failed}, status=503)
    return JsonResponse({"status": "ok"})
