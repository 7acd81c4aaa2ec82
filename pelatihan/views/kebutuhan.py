"""kebutuhan views of pelatihan."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
