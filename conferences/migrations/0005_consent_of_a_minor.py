# Consent of a minor (R11): the parent's or guardian's consent beside the student's assent, an
# optional signed form, and the coordinator's exception on a named ground that the principal notes.

import bkcase.consent
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('bkcase', '0008_audit_logout'),
        ('conferences', '0004_plan_reason_minute_taker_approval_machine'),
    ]

    operations = [
        migrations.AddField(
            model_name='conference',
            name='consent_exception_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='conference',
            name='consent_exception_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='bkcase.membership'),
        ),
        migrations.AddField(
            model_name='conference',
            name='consent_exception_ground',
            field=models.CharField(blank=True, choices=[('bahaya', "Danger to the student's or another person's safety"), ('orang_tua_terduga', 'The parent or guardian is the alleged abuser'), ('kewajiban_hukum', 'A legal duty to act (e.g. a report the law requires)')], max_length=20, verbose_name='ground of the exception'),
        ),
        migrations.AddField(
            model_name='conference',
            name='consent_exception_noted_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='conference',
            name='consent_exception_noted_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='bkcase.membership'),
        ),
        migrations.AddField(
            model_name='conference',
            name='consent_exception_reason',
            field=models.TextField(blank=True, verbose_name='why the consent is not asked'),
        ),
        migrations.AddField(
            model_name='conference',
            name='consent_form',
            field=models.FileField(blank=True, upload_to=bkcase.consent.consent_form_path, verbose_name='the signed consent form'),
        ),
        migrations.AddField(
            model_name='conference',
            name='guardian_consent_by',
            field=models.CharField(blank=True, help_text='e.g. Ibu Sari Wulandari, mother', max_length=200, verbose_name='who consented (name and relationship)'),
        ),
        migrations.AddField(
            model_name='conference',
            name='guardian_consent_method',
            field=models.CharField(blank=True, choices=[('tatap_muka', 'Spoken, in person at school or at home'), ('telepon', 'By telephone or message'), ('tertulis', 'Written and signed (consent form)')], max_length=20, verbose_name='how the parent or guardian consented'),
        ),
        migrations.AddField(
            model_name='conference',
            name='guardian_consent_on',
            field=models.DateField(blank=True, null=True, verbose_name="parent's or guardian's consent given on"),
        ),
        migrations.AlterField(
            model_name='conference',
            name='consent_method',
            field=models.CharField(blank=True, choices=[('lisan', 'Spoken, in a counseling session'), ('tertulis', 'Written and signed'), ('orang_tua', 'Written, signed with the parent or guardian')], max_length=20, verbose_name='how the student assented'),
        ),
        migrations.AlterField(
            model_name='conference',
            name='consent_on',
            field=models.DateField(blank=True, null=True, verbose_name="student's assent given on"),
        ),
    ]
