"""HTML routes of pegawai, mounted at the site root with the namespace "pegawai"."""

from django.urls import path  # noqa: F401

app_name = "pegawai"
urlpatterns: list = []
