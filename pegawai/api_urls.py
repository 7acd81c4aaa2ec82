"""API routes of pegawai, mounted under /api/v1/ with the namespace "pegawai-api"."""

from django.urls import path  # noqa: F401

app_name = "pegawai-api"
urlpatterns: list = []
