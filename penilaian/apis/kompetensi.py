"""Kompetensi API of penilaian."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
