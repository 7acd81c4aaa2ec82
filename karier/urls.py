"""HTML routes of karier. Mounted under /karier/ with the namespace \"karier\"."""

from django.urls import path  # noqa: F401

app_name = "karier"
urlpatterns: list = []
