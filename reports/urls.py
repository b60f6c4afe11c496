from django.urls import path

from .views import atk_recap, conference_recap, index, jobs, period, signals

app_name = "reports"

urlpatterns = [
    path("reports/", index.index, name="index"),
    path("reports/signals/<slug:kind>/", signals.signal_list, name="signal_list"),
    path("reports/atk/", atk_recap.recap, name="atk_recap"),
    path("reports/atk.pdf", atk_recap.recap_pdf, name="atk_recap_pdf"),
    path("reports/atk.xlsx", atk_recap.recap_xlsx, name="atk_recap_xlsx"),
    path("reports/conferences/", conference_recap.conference_recap, name="conference_recap"),
    path("reports/conferences.pdf", conference_recap.conference_recap_pdf, name="conference_recap_pdf"),
    path("reports/conferences.xlsx", conference_recap.conference_recap_xlsx, name="conference_recap_xlsx"),
    path("reports/jobs/", jobs.job_create, name="job_create"),
    path("reports/jobs/<int:pk>/", jobs.job, name="job"),
    path("reports/jobs/<int:pk>/status/", jobs.job_status, name="job_status"),
    path("reports/jobs/<int:pk>/download/", jobs.job_download, name="job_download"),
    path("reports/period/", period.period, name="period"),
    path("reports/period.pdf", period.period_pdf, name="period_pdf"),
    path("reports/period.xlsx", period.period_xlsx, name="period_xlsx"),
    path("reports/figures/", period.figures, name="figures"),
    path("reports/figures.pdf", period.figures_pdf, name="figures_pdf"),
    path("reports/figures.xlsx", period.figures_xlsx, name="figures_xlsx"),
]
