"""API of karier: promosi (filled by its area)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
