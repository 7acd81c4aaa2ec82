"""API routes of karier, mounted under /api/v1/karier/ with the namespace "karier-api".
Each apis module of the package declares its own ``urlpatterns``."""

from .apis import dasbor, jalur, kp, penghargaan, promosi, rekomendasi, rotasi, talenta

app_name = "karier-api"
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
