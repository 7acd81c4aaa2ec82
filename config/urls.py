from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from pegawai.views import akun as akun_views

api_v1 = [
    path("", include("pegawai.api_urls")),
    path("penilaian/", include("penilaian.api_urls")),
    path("pelatihan/", include("pelatihan.api_urls")),
    path("karier/", include("karier.api_urls")),
]

urlpatterns = [
    path("", akun_views.beranda, name="beranda"),
    path("masuk/", akun_views.MasukView.as_view(), name="masuk"),
    path("keluar/", akun_views.keluar, name="keluar"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("common.urls")),
    path("", include("pegawai.urls")),
    path("penilaian/", include("penilaian.urls")),
    path("pelatihan/", include("pelatihan.urls")),
    path("karier/", include("karier.urls")),
    path("s/", include("penilaian.urls_survei")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
