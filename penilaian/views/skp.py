"""penilaian views: skp."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
