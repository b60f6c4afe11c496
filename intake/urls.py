from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("to-bk/", views.mine, name="mine"),
    path("to-bk/inbox/", views.inbox, name="inbox"),
    path("to-bk/<int:pk>/", views.detail, name="detail"),
    path("to-bk/<int:pk>/accept/", views.accept, name="accept"),
    path("to-bk/<int:pk>/answer/", views.answer, name="answer"),
]
