"""penilaian apis: siklus."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
