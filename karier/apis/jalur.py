"""API of karier: jalur (filled by its area)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
