"""API routes of penilaian. Mounted under /api/v1/ with the namespace \"penilaian-api\"."""

from django.urls import path  # noqa: F401

app_name = "penilaian-api"
urlpatterns: list = []
