"""HTML routes of karier, mounted under /karier/ with the namespace "karier".
Each views module of the package declares its own ``urlpatterns``."""

from .views import dasbor, jalur, kp, penghargaan, promosi, rekomendasi, rotasi, talenta

app_name = "karier"
urlpatterns = [
    *dasbor.urlpatterns,
    *talenta.urlpatterns,
    *kp.urlpatterns,
    *promosi.urlpatterns,
    *rotasi.urlpatterns,
    *penghargaan.urlpatterns,
    *rekomendasi.urlpatterns,
    *jalur.urlpatterns,
]
