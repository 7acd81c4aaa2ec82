"""Login, logout and the home page per role."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from pegawai import selectors
from pegawai.models import Jabatan, User
from pegawai.permissions import can_read_instansi, pegawai_of_user


class AuthedRequest(HttpRequest):
    """A request behind ``login_required``: its user is a real User (for the type checker)."""

    user: User


# The type-ahead endpoints (pilihan) read the typed text and optional ids from the query string.
PILIHAN_Q_MAKS = 100


def form_data(request: HttpRequest) -> Any:
    """The submitted data, or None on GET (an empty POST must still bind and show its errors)."""
    return request.POST if request.method == "POST" else None


def htmx_partial(request: HttpRequest) -> bool:
    """An htmx request for a fragment (not a history restore, which needs the whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]


def pilihan_q(request: HttpRequest) -> str:
    """The typed text, trimmed and capped (a pasted novel searches like its first 100 characters)."""
    return request.GET.get("q", "").strip()[:PILIHAN_Q_MAKS]


def pilihan_id(request: HttpRequest, name: str) -> int | None:
    """An optional id parameter; anything that is not a positive bigint counts as absent."""
    value = request.GET.get(name, "").strip()
    if not (value.isascii() and value.isdigit()) or not 0 < int(value) < 2**63:
        return None
    return int(value)


class MasukForm(AuthenticationForm):
    """NIP (pegawai) or username (BKD staff, pimpinan) and password."""

    username = forms.CharField(
        label=_("NIP atau nama pengguna"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "class": "form-control"}),
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "class": "form-control"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("NIP/nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil."),
        "inactive": _("Akun ini tidak aktif."),
    }


class MasukView(LoginView):
    template_name = "registration/masuk.html"
    authentication_form = MasukForm
    redirect_authenticated_user = True


@require_POST
def keluar(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("masuk")


@login_required
def beranda(request: AuthedRequest) -> HttpResponse:
    user = request.user
    context: dict[str, Any] = {}
    if user.is_superuser and user.instansi_id is None:
        context["superuser_global"] = True
    elif can_read_instansi(user):
        jenis_label = dict(Jabatan.Jenis.choices)
        per_jenis = selectors.sebaran_jenis_jabatan(user=user)
        per_golongan = selectors.sebaran_golongan(user=user)
        context["ringkasan"] = selectors.ringkasan_instansi(user=user)
        context["grafik"] = {
            "golongan": {
                "labels": [label for label, _n in per_golongan],
                "data": [n for _label, n in per_golongan],
                "judul": str(_("Pegawai aktif per golongan")),
            },
            "jenis_jabatan": {
                "labels": [str(jenis_label.get(j, _("Tanpa jabatan"))) for j, _n in per_jenis],
                "data": [n for _j, n in per_jenis],
                "judul": str(_("Pegawai aktif per jenis jabatan")),
            },
        }
    me = pegawai_of_user(user)
    if me is not None:
        context["saya"] = me
        context["masa_kerja_golongan"] = selectors.masa_kerja_golongan(pegawai=me)
        context["masa_jabatan"] = selectors.masa_jabatan(pegawai=me)
        context["masa_kerja"] = selectors.masa_kerja_total(pegawai=me)
        context["bawahan"] = list(selectors.bawahan_langsung(pegawai=me))
    return render(request, "beranda.html", context)
