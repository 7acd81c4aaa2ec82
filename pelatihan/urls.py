"""HTML routes of pelatihan. Mounted under /pelatihan/ with the namespace \"pelatihan\"."""

from django.urls import path  # noqa: F401

app_name = "pelatihan"
urlpatterns: list = []
