"""API of karier: rotasi (filled by its area)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
