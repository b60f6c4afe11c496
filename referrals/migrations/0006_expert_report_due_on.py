# The expert's report (rujukan balik) has a due date, 14 days after the handover unless the expert
# promised otherwise; referrals already handed over get that default.

import datetime

from django.db import migrations, models


def due_from_the_handover(apps, schema_editor):
    Referral = apps.get_model("referrals", "referral")
    for referral in Referral.objects.filter(handover_on__isnull=False, expert_report_due_on__isnull=True):
        referral.expert_report_due_on = referral.handover_on + datetime.timedelta(days=14)
        referral.save(update_fields=["expert_report_due_on"])


class Migration(migrations.Migration):

    dependencies = [
        ('referrals', '0005_cancel_reason_kind'),
    ]

    operations = [
        migrations.AddField(
            model_name='referral',
            name='expert_report_due_on',
            field=models.DateField(blank=True, help_text='Set from the handover (14 days later) when left empty; change it to what the expert promised.', null=True, verbose_name="the expert's report is due on"),
        ),
        migrations.RunPython(due_from_the_handover, migrations.RunPython.noop),
    ]
