"""API routes of karier. Mounted under /api/v1/ with the namespace \"karier-api\"."""

from django.urls import path  # noqa: F401

app_name = "karier-api"
urlpatterns: list = []
