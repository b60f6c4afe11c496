from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BkcaseConfig(AppConfig):
    name = "bkcase"
    verbose_name = _("BK casework")

    def ready(self):
        from . import accounts  # noqa: F401 - connects the login signal
