"""API routes of penilaian, mounted under /api/v1/penilaian/ with the namespace "penilaian-api".
Each apis module of the package declares its own ``urlpatterns``."""

from .apis import evaluasi, ikm, kalibrasi, kompetensi, siklus, skp, umpan_balik_360

app_name = "penilaian-api"
urlpatterns = [
    *skp.urlpatterns,
    *evaluasi.urlpatterns,
    *umpan_balik_360.urlpatterns,
    *ikm.urlpatterns,
    *siklus.urlpatterns,
    *kalibrasi.urlpatterns,
    *kompetensi.urlpatterns,
]
