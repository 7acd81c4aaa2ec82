"""API of karier: rekomendasi (filled by its area)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
