"""Project-wide HTML/JSON endpoints that belong to no domain app."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import selectors, services
from .models import Notifikasi

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


@login_required
def notifikasi_list(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first. POST marks them read: one (then follows its link)
    or all."""
    if request.method == "POST":
        nid = request.POST.get("id")
        if nid and nid.isdigit():
            n = Notifikasi.objects.filter(user_id=request.user.pk or 0, pk=int(nid)).first()
            if n is None:
                raise Http404
            services.notifikasi_baca(user=request.user, notifikasi_id=n.pk)
            if n.tautan and url_has_allowed_host_and_scheme(n.tautan, allowed_hosts={request.get_host()}):
                return redirect(n.tautan)
        else:
            services.notifikasi_baca(user=request.user)
        return redirect("common:notifikasi")
    daftar = selectors.notifikasi_list_for_user(user=request.user, limit=100)
    return render(request, "common/notifikasi.html", {"daftar": daftar})
