from django.urls import path

from .views import entries

app_name = "counseling"

urlpatterns = [
    path("cases/<int:case_pk>/services/new/<str:kind>/", entries.service_create, name="service_create"),
    path("services/<int:pk>/", entries.service_detail, name="service_detail"),
    path("services/<int:pk>/edit/", entries.service_edit, name="service_edit"),
    path("services/<int:pk>/follow-up/", entries.service_follow_up, name="service_follow_up"),
    path("services/<int:pk>/attachment/", entries.service_attachment, name="service_attachment"),
    path("services/<int:pk>/letters/<str:kind>.pdf", entries.service_document, name="service_document"),
]
