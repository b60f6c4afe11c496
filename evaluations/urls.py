from django.urls import path

from .views import pages

app_name = "evaluations"

urlpatterns = [
    path("evaluations/<int:pk>/", pages.evaluation_detail, name="evaluation_detail"),
    path("evaluations/<int:pk>/reschedule/", pages.evaluation_reschedule, name="evaluation_reschedule"),
    path("evaluations/<int:pk>/missed/", pages.evaluation_missed, name="evaluation_missed"),
    path("cases/<int:case_pk>/services-ended/", pages.services_end, name="services_end"),
    path("evaluations/settings/", pages.evaluation_settings, name="evaluation_settings"),
    path("evaluations/report/", pages.evaluation_report, name="evaluation_report"),
]
