# Why a record was cancelled, as a choice the reports count. A record cancelled before the choice
# existed keeps its written reason as "other".

from django.db import migrations, models


def earlier_cancellations_are_other(apps, schema_editor):
    model = apps.get_model("conferences", "conference")
    model.objects.filter(stage="dibatalkan", cancel_reason_kind="").update(cancel_reason_kind="lainnya")


class Migration(migrations.Migration):

    dependencies = [
        ('conferences', '0005_consent_of_a_minor'),
    ]

    operations = [
        migrations.AddField(
            model_name='conference',
            name='cancel_reason_kind',
            field=models.CharField(blank=True, choices=[('persetujuan_ditarik', 'The student or the parent withdrew consent'), ('ahli_menolak', 'The expert declined'), ('pindah_sekolah', 'The student moved school'), ('tidak_diperlukan', 'No longer needed: the problem was resolved otherwise'), ('lainnya', 'Other (write the reason)')], max_length=20, verbose_name='why it was cancelled'),
        ),
        migrations.RunPython(earlier_cancellations_are_other, migrations.RunPython.noop),
    ]
