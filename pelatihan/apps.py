from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PelatihanConfig(AppConfig):
    name = "pelatihan"
    verbose_name = _("Pengembangan kompetensi")

    def ready(self) -> None:
        from penilaian.hooks import setelah_siklus_register

        from .tasks.kebutuhan import kebutuhan_setelah_siklus

        # every finished evaluation cycle derives the training needs of its instansi and year
        setelah_siklus_register("pelatihan.kebutuhan", kebutuhan_setelah_siklus)
