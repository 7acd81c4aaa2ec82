"""penilaian views: periode (the BKD periods page)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
