from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = _("Umum")

    def ready(self) -> None:
        from .schedules import install_after_migrate

        # After every migrate, a fresh install has the periodic schedules declared in code.
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="common.install_periodic_schedules")
