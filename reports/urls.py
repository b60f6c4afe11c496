from django.urls import path

from .views import index, signals

app_name = "reports"

urlpatterns = [
    path("reports/", index.index, name="index"),
    path("reports/signals/<slug:kind>/", signals.signal_list, name="signal_list"),
]
