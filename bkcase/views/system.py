"""Endpoints outside the application proper: health check, language, choosing the school."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.db import DatabaseError, connection
from django.http import HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from ..access import SESSION_KEY, get_visible_or_404, own_memberships
from ..forms import SchoolSwitchForm


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 when the app can serve pages: the database answers and, with hashed static files, their
    manifest was found (without it every page fails); 503 otherwise (for load balancers)."""
    if not static_manifest_loaded():
        return JsonResponse({"status": "unavailable", "reason": "static manifest missing"}, status=503)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def static_manifest_loaded():
    """False when the static files storage hashes names but read no manifest (collectstatic not
    run, or run elsewhere): every page would then fail to name its stylesheet."""
    return not isinstance(staticfiles_storage, ManifestFilesMixin) or bool(staticfiles_storage.hashed_files)


# The language switch is offered on the login page too.
set_language = login_not_required(django_set_language)


@require_POST
def switch_school(request):
    """Choose which of the user's schools this session works in. Another user's role answers 404
    (the denial audited); a value that names no role at all goes back with a message."""
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = "/"
    form = SchoolSwitchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the school from the menu under your name."))
        return HttpResponseRedirect(next_url)
    membership = get_visible_or_404(
        request, own_memberships(request.user), object_type="bkcase.membership", pk=form.cleaned_data["membership"]
    )
    request.session[SESSION_KEY] = membership.pk
    return HttpResponseRedirect(next_url)
