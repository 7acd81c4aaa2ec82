"""The public survey's short links, mounted at /s/ with the namespace "survei": no login."""

from django.urls import URLPattern

app_name = "survei"
urlpatterns: list[URLPattern] = []
