from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("experts/", views.expert_list, name="expert_list"),
    path("experts/new/", views.expert_create, name="expert_create"),
    path("experts/<int:pk>/", views.expert_detail, name="expert_detail"),
    path("experts/<int:pk>/edit/", views.expert_edit, name="expert_edit"),
]
