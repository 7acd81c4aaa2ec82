"""Kompetensi views of penilaian: catalogue, standar kompetensi, assessments, JPM."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
