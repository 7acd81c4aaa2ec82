"""HTML views of pegawai (the full set is built out by the pages work)."""

from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST


class MasukView(LoginView):
    template_name = "registration/masuk.html"
    redirect_authenticated_user = True


@require_POST
def keluar(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("masuk")


@login_required
def beranda(request: HttpRequest) -> HttpResponse:
    return render(request, "beranda.html", {})
