"""API routes of pelatihan. Mounted under /api/v1/ with the namespace \"pelatihan-api\"."""

from django.urls import path  # noqa: F401

app_name = "pelatihan-api"
urlpatterns: list = []
