from django.urls import path

from . import views

app_name = "common"

urlpatterns = [
    path("sehat/", views.health, name="sehat"),
    path("notifikasi/", views.notifikasi_list, name="notifikasi"),
]
