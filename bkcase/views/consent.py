"""The principal's side of the consent exceptions (R11): she notes each one she has read."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access import consent_exception_for_principal_or_404
from ..consent import consent_exception_note, consent_models
from ..exceptions import DomainError


@require_POST
def consent_exception_noted(request, label, pk):
    models = {model._meta.label_lower: model for model in consent_models()}
    if label not in models:
        raise Http404
    record = consent_exception_for_principal_or_404(request, models[label], pk)
    try:
        consent_exception_note(record=record, by=request.membership)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Noted: %(code)s.") % {"code": record.code})
    return redirect("home")
