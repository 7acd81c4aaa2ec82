from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KarierConfig(AppConfig):
    name = "karier"
    verbose_name = _("Karier")

    def ready(self) -> None:
        from penilaian.hooks import setelah_siklus_register

        from .tasks.tahunan import karier_setelah_siklus

        # the annual cycle places everyone on the 9-box and proposes the year's recommendations
        setelah_siklus_register("karier.tahunan", karier_setelah_siklus)
