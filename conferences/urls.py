from django.urls import path

from .views import documents, followup, pages, participation

app_name = "conferences"

urlpatterns = [
    path("conferences/", pages.conference_list, name="conference_list"),
    path("cases/<int:case_pk>/conferences/new/", pages.conference_create, name="conference_create"),
    path("conferences/invitations/<int:participant_pk>/", participation.invitation, name="invitation"),
    path("conferences/<int:pk>/", pages.conference_detail, name="conference_detail"),
    path("conferences/<int:pk>/edit/", pages.conference_edit, name="conference_edit"),
    path("conferences/<int:pk>/consent/", pages.conference_consent, name="conference_consent"),
    path("conferences/<int:pk>/consent/exception/", pages.conference_consent_exception,
         name="conference_consent_exception"),
    path("conferences/<int:pk>/persetujuan-<str:who>.pdf", pages.conference_consent_statement,
         name="conference_consent_statement"),
    path("conferences/<int:pk>/consent/form/", pages.conference_consent_file, name="conference_consent_file"),
    path("conferences/<int:pk>/participants/", participation.participant_add, name="participant_add"),
    path("conferences/<int:pk>/participants/<int:participant_pk>/", participation.participant_update,
         name="participant_update"),
    path("conferences/<int:pk>/participants/<int:participant_pk>/remove/", participation.participant_remove,
         name="participant_remove"),
    path("conferences/<int:pk>/participants/<int:participant_pk>/signed/", participation.participant_signed,
         name="participant_signed"),
    path("conferences/<int:pk>/participants/<int:participant_pk>/pernyataan-kerahasiaan.pdf",
         documents.confidentiality_statement, name="confidentiality_statement"),
    path("conferences/<int:pk>/approval/request/", participation.approval_request, name="approval_request"),
    path("conferences/<int:pk>/approval/<str:decision>/", participation.approval_decide, name="approval_decide"),
    path("conferences/<int:pk>/information/", followup.information_add, name="information_add"),
    path("conferences/<int:pk>/actions/", followup.action_add, name="action_add"),
    path("conferences/<int:pk>/actions/<int:item_pk>/", followup.action_update, name="action_update"),
    path("conferences/<int:pk>/undangan-<int:participant_pk>.pdf", documents.conference_document,
         {"name": "undangan"}, name="invitation_letter"),
    path("conferences/<int:pk>/<str:name>.pdf", documents.conference_document, name="document"),
    path("conferences/<int:pk>/<str:action>/", pages.conference_transition, name="conference_transition"),
]
