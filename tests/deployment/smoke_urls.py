"""The application's URLs plus one that raises, to see what a user gets when a page fails."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from bkcase.urls import urlpatterns as application_urls


@login_not_required
def fail(request):
    raise RuntimeError("a failure forced by the deployment smoke test")


urlpatterns = [path("smoke/fail/", fail), *application_urls]
