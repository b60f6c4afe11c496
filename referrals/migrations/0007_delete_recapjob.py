# Recaps are made by the reports app now (reports.ReportJob). A recap job is a transient file kept
# a day: the jobs still kept are dropped with their files, and their users ask again.

from django.db import migrations


def delete_recap_files(apps, schema_editor):
    RecapJob = apps.get_model("referrals", "RecapJob")
    for job in RecapJob.objects.exclude(file=""):
        job.file.delete(save=False)


class Migration(migrations.Migration):

    dependencies = [
        ('referrals', '0006_expert_report_due_on'),
    ]

    operations = [
        migrations.RunPython(delete_recap_files, migrations.RunPython.noop),
        migrations.DeleteModel(
            name='RecapJob',
        ),
    ]
