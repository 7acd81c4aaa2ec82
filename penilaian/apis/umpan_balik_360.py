"""penilaian apis: umpan_balik_360."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
