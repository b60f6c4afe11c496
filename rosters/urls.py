from django.urls import path

from . import views

app_name = "rosters"

urlpatterns = [
    path("rosters/", views.upload, name="upload"),
    path("rosters/template.xlsx", views.template, name="template"),
    path("rosters/<int:pk>/", views.detail, name="detail"),
    path("rosters/<int:pk>/mapping/", views.mapping, name="mapping"),
    path("rosters/<int:pk>/apply/", views.apply, name="apply"),
    path("rosters/<int:pk>/status/", views.status, name="status"),
    path("rosters/roll-over/", views.roll_over, name="roll_over"),
]
