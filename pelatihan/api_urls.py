"""API routes of pelatihan, mounted under /api/v1/pelatihan/ with the namespace "pelatihan-api".
Each apis module of the package declares its own ``urlpatterns``."""

from .apis import alokasi, jp, kebutuhan, mentoring, program

app_name = "pelatihan-api"
urlpatterns = [
    *program.urlpatterns,
    *kebutuhan.urlpatterns,
    *alokasi.urlpatterns,
    *jp.urlpatterns,
    *mentoring.urlpatterns,
]
