from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KarierConfig(AppConfig):
    name = "karier"
    verbose_name = _("Karier")
