from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BkcaseConfig(AppConfig):
    name = "bkcase"
    verbose_name = _("BK casework")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import accounts  # noqa: F401 - connects the login signal
        from .dbroles import grant_application_role

        post_migrate.connect(grant_application_role, sender=self, dispatch_uid="bkcase_grant_application_role")
