"""penilaian apis: evaluasi."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
