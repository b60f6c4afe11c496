"""The operator's pages: the school's settings (letterhead) and its user accounts."""

from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import accounts, services
from ..access import (
    awaits_platform_confirmation,
    can_change_credentials_of,
    can_manage_school,
    get_visible_or_404,
    staff_of,
)
from ..forms import SchoolForm, StaffCreateForm, StaffEditForm
from ..viewhelpers import paginate, require, run_service


@require(can_manage_school)
@require_http_methods(["GET", "POST"])
def school_edit(request):
    school = request.membership.school
    form = SchoolForm(request.POST or None, request.FILES or None, instance=school)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data.get("logo") is None:
            data.pop("logo")  # no new file uploaded: keep the current logo
        elif data["logo"] is False:
            data["logo"] = ""
        if run_service(request, form, lambda: services.school_update(by=request.membership, **data)):
            messages.success(request, _("The school's settings were saved."))
            return redirect("school_edit")
    return render(request, "bkcase/school_form.html", {"form": form})


LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def school_logo(request):
    """The school's logo, for signed-in members of that school (uploads are not public files).

    A logo is stored as Pillow re-encoded it at upload (S30): a PNG or JPEG of our making, so it is
    shown inline, as the type we name and never as what a browser sniffs. Anything else (a file
    stored before logos were re-encoded) is only offered as a download."""
    m = request.membership
    if m is None or not m.school.logo:
        raise Http404
    content_type = LOGO_TYPES.get(Path(m.school.logo.name).suffix.lower())
    try:
        logo = m.school.logo.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        logo, as_attachment=content_type is None, content_type=content_type or "application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require(can_manage_school)
def staff_list(request):
    memberships = staff_of(request.membership).select_related("user")
    return render(
        request,
        "bkcase/staff_list.html",
        paginate(request, memberships.order_by("role", "user__first_name", "user__username")),
    )


@require(can_manage_school)
@require_http_methods(["GET", "POST"])
def staff_create(request):
    form = StaffCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = run_service(request, form, lambda: accounts.staff_create(by=request.membership, **form.cleaned_data))
        if created:
            messages.success(request, _("The account %(username)s was created.") % {"username": created.user.username})
            _tell_if_awaiting(request, created)
            return redirect("staff_list")
    return render(request, "bkcase/staff_form.html", {"form": form, "member": None})


@require(can_manage_school)
@require_http_methods(["GET", "POST"])
def staff_edit(request, pk):
    member = get_visible_or_404(request, staff_of(request.membership).select_related("user"),
                                object_type="bkcase.membership", pk=pk)
    form = StaffEditForm(request.POST or None, instance=member,
                         email_editable=can_change_credentials_of(request.membership, member.user))
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            request, form, lambda: accounts.staff_update(membership=member, by=request.membership, **form.cleaned_data)
        )
        if saved:
            messages.success(request, _("The account %(username)s was saved.") % {"username": saved.user.username})
            _tell_if_awaiting(request, saved)
            return redirect("staff_list")
    return render(request, "bkcase/staff_form.html", {"form": form, "member": member})


def _tell_if_awaiting(request, membership):
    if not membership.pending_role:
        return
    if awaits_platform_confirmation(membership):
        text = _("The role %(role)s takes effect once the platform administrator confirms it.")
    else:
        text = _("The role %(role)s takes effect once the principal confirms it on their home page.")
    messages.info(request, text % {"role": membership.get_pending_role_display()})
