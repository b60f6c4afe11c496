from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # a member's role changes in bkcase/accounts.py, which may not import reports: the report files
        # made for their former role are deleted when the membership is saved
        from django.db.models.signals import post_save

        from bkcase.models import Membership

        post_save.connect(_purge_outgrown_jobs, sender=Membership, dispatch_uid="reports.purge_outgrown_jobs")


def _purge_outgrown_jobs(sender, instance, created, raw=False, **kwargs):
    if created or raw:
        return
    from .jobs import jobs_purge_outgrown

    jobs_purge_outgrown(membership=instance)
