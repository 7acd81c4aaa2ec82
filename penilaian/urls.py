"""HTML routes of penilaian, mounted under /penilaian/ with the namespace "penilaian".
Each views module of the package declares its own ``urlpatterns``."""

from .views import evaluasi, ikm, kalibrasi, kompetensi, periode, siklus, skp, umpan_balik_360

app_name = "penilaian"
urlpatterns = [
    *periode.urlpatterns,
    *skp.urlpatterns,
    *evaluasi.urlpatterns,
    *umpan_balik_360.urlpatterns,
    *ikm.urlpatterns,
    *siklus.urlpatterns,
    *kalibrasi.urlpatterns,
    *kompetensi.urlpatterns,
]
