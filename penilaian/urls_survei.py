"""The public survey's short links, mounted at /s/ with the namespace "survei": no login."""

from django.urls import URLPattern, path

from penilaian.views.ikm import survei_form, survei_terima_kasih

app_name = "survei"
urlpatterns: list[URLPattern] = [
    path("<slug:kode>/", survei_form, name="ikm-survei"),
    path("<slug:kode>/terima-kasih/", survei_terima_kasih, name="ikm-terima-kasih"),
]
