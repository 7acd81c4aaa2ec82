"""API of karier: dasbor (filled by its area)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
