"""HTML routes of penilaian. Mounted under /penilaian/ with the namespace \"penilaian\"."""

from django.urls import path  # noqa: F401

app_name = "penilaian"
urlpatterns: list = []
