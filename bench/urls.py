"""The application's URLs plus the two yardsticks of the benchmark: a bare view and the Django
admin changelist of referrals (on a separate admin site: the real one does not list case content)."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from bkcase.urls import urlpatterns as app_urlpatterns
from referrals.models import Referral

bench_admin = admin.AdminSite(name="bench_admin")
bench_admin.register(Referral, list_display=["code", "stage", "case", "expert", "created_at"])


@login_not_required
def bare(request):
    return HttpResponse("ok")

urlpatterns = [
    path("bench/ok", bare),
    path("bench/admin/", bench_admin.urls),
    *app_urlpatterns,
]
