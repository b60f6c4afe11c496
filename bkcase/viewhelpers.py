"""Small pieces every page uses: role gates, pagination, and turning service refusals into form errors."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from . import audit
from .exceptions import DomainError
from .forms import ConsentExceptionForm, TransitionForm, consent_form_class
from .workflow import TRANSITIONS


def require(predicate):
    """Let the view run only for memberships that satisfy `predicate`; others get 403.

    Used for pages a role never uses (an operator opening the case list). Records a user may not
    see answer 404 through access.get_visible_or_404 instead.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not predicate(getattr(request, "membership", None)):
                raise PermissionDenied(_("This page is not available for your role."))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def first_rows(queryset, limit):
    """The first `limit` rows of `queryset` and how many rows it has in all. One row more is read: when
    it is absent, the rows read are all there are, and the database counts nothing."""
    rows = list(queryset[:limit + 1])
    return rows[:limit], len(rows) if len(rows) <= limit else queryset.count()


def paginate(request, queryset, per_page=None):
    """A page of `queryset` (the one asked for in `page`) and the query string of the other parameters.
    The first page is read with first_rows: a list of one page is not counted as well."""
    per_page = per_page or settings.PAGE_SIZE
    paginator = Paginator(queryset, per_page)
    if request.GET.get("page", "1") in ("", "1") and not isinstance(queryset, list):
        rows, paginator.count = first_rows(queryset, per_page)  # the paginator does not count again
        page = Page(rows, 1, paginator)
    else:
        page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"page_obj": page, "querystring": query.urlencode()}


def add_service_error(form, error):
    """Show a service's refusal on the form: field errors on their fields, the rest on top."""
    if isinstance(error, DomainError) and not isinstance(error, ValidationError):
        form.add_error(None, error.message)
        return
    if hasattr(error, "error_dict"):
        model = getattr(getattr(form, "_meta", None), "model", None)
        for field, errors in error.error_dict.items():
            if field in form.fields:
                form.add_error(field, errors)
                continue
            label = _field_label(model, field)
            for message in ValidationError(errors).messages:
                form.add_error(None, f"{label}: {message}" if label else message)
    else:
        form.add_error(None, error.messages)


def _field_label(model, name):
    if model is None or name == "__all__":
        return ""
    try:
        return capfirst(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a name that is not a model field gets no label
        return ""


def run_service(request, form, call):
    """Call a service; on refusal put the reason on the form and return None (the input stays)."""
    try:
        return call()
    except (DomainError, ValidationError) as error:
        add_service_error(form, error)
        messages.error(request, _("Nothing was saved. Please correct the marked input."))
        return None


def refusal_text(error):
    """The user-facing text of a service's refusal."""
    return error.message if isinstance(error, DomainError) else " ".join(error.messages)


def transition_view(request, action, move, detail_url):
    """The one view body of every workflow move (advance, back, cancel) of either record kind:
    read the form, call the service `move(action=, note=, expected_stage=, reason=)`, say what happened."""
    if action not in TRANSITIONS:
        raise Http404
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The action could not be read; please try again from the page."))
        return redirect(detail_url)
    try:
        moved = move(action=action, note=form.cleaned_data["note"], expected_stage=form.cleaned_data["stage"],
                     reason=form.cleaned_data["reason"])
    except (DomainError, ValidationError) as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("Stage now: %(stage)s.") % {"stage": moved.get_stage_display()})
    return redirect(detail_url)


PRIVATE_FILE_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}


def private_file_response(request, record, field_file, filename_stem):
    """A stored upload of a confidential record (a scanned report, a signed consent form): served only
    after the caller's access check, always as an attachment, never cached, and audited as an export
    (S8, S22)."""
    if not field_file:
        raise Http404
    try:
        opened = field_file.open("rb")
    except OSError as missing:  # e.g. a database restored without its uploads
        raise Http404 from missing
    audit.record(by=request.membership, action=audit.Action.EXPORT, obj=record)
    extension = field_file.name.rsplit(".", 1)[-1].lower()
    response = FileResponse(
        opened, as_attachment=True, filename=f"{filename_stem}.{extension}",
        content_type=PRIVATE_FILE_TYPES.get(extension, "application/octet-stream"),
    )
    response["Cache-Control"] = "no-store"
    return response


def consent_view(request, record, service, refused):
    """The one body of recording a record's consent (R11), for either record kind: None once saved
    (the caller redirects), else the record's page again with the input and the reason."""
    form = consent_form_class(type(record))(request.POST, request.FILES, instance=record)
    if form.is_valid():
        if run_service(request, form, lambda: service(by=request.membership, **form.cleaned_data)):
            messages.success(request, _("The consent was recorded."))
            return None
    else:
        messages.error(request, _("Nothing was saved. Please correct the marked input."))
    return refused(consent_form=form)


def consent_exception_view(request, service, refused):
    """The one body of the coordinator's exception to the consent (R11, S7), for either record kind."""
    form = ConsentExceptionForm(request.POST)
    if form.is_valid():
        if run_service(request, form, lambda: service(by=request.membership, **form.cleaned_data)):
            messages.success(request, _("The exception was recorded, and the principal is told."))
            return None
    else:
        messages.error(request, _("Nothing was saved. Please correct the marked input."))
    return refused(exception_form=form)
