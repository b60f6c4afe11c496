from django.urls import path

from .views import documents, experts, referrals

app_name = "referrals"

urlpatterns = [
    path("experts/", experts.expert_list, name="expert_list"),
    path("experts/new/", experts.expert_create, name="expert_create"),
    path("experts/<int:pk>/", experts.expert_detail, name="expert_detail"),
    path("experts/<int:pk>/edit/", experts.expert_edit, name="expert_edit"),
    path("referrals/", referrals.referral_list, name="referral_list"),
    path("cases/<int:case_pk>/referrals/new/", referrals.referral_create, name="referral_create"),
    path("referrals/<int:pk>/", referrals.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/edit/", referrals.referral_edit, name="referral_edit"),
    path("referrals/<int:pk>/contacts/", referrals.referral_add_contact, name="referral_add_contact"),
    path("referrals/<int:pk>/missed/", referrals.referral_record_missed, name="referral_record_missed"),
    path("referrals/<int:pk>/report-requests/", referrals.referral_request_report, name="referral_request_report"),
    path("referrals/<int:pk>/follow-up/", referrals.referral_follow_up, name="referral_follow_up"),
    path("referrals/<int:pk>/expert-report/", referrals.referral_report_file, name="referral_report_file"),
    path("referrals/<int:pk>/surat-pengantar.pdf", documents.cover_letter, name="cover_letter"),
    path("referrals/<int:pk>/laporan-atk.pdf", documents.report, name="report"),
    path("referrals/<int:pk>/consent/", referrals.referral_consent, name="referral_consent"),
    path("referrals/<int:pk>/consent/exception/", referrals.referral_consent_exception,
         name="referral_consent_exception"),
    path("referrals/<int:pk>/persetujuan-<str:who>.pdf", referrals.referral_consent_statement,
         name="referral_consent_statement"),
    path("referrals/<int:pk>/consent/form/", referrals.referral_consent_file, name="referral_consent_file"),
    path("referrals/<int:pk>/<str:action>/", referrals.referral_transition, name="referral_transition"),
]
