"""HTML routes of pelatihan, mounted under /pelatihan/ with the namespace "pelatihan".
Each views module of the package declares its own ``urlpatterns``."""

from .views import alokasi, jp, kebutuhan, mentoring, program

app_name = "pelatihan"
urlpatterns = [
    *program.urlpatterns,
    *kebutuhan.urlpatterns,
    *alokasi.urlpatterns,
    *jp.urlpatterns,
    *mentoring.urlpatterns,
]
