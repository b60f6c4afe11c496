"""A person's own account (their email address, confirmed by a link), password resets that go only
to such an address, and the principal's confirmation of the roles the operator asked for."""

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordResetForm
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from .. import accounts
from ..access import get_visible_or_404, roles_awaiting
from ..exceptions import DomainError
from ..viewhelpers import refusal_text


class EmailForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email"))


@require_http_methods(["GET", "POST"])
def my_email(request):
    """The person sets their own address; a link sent there confirms it is theirs."""
    user = request.user
    form = EmailForm(request.POST or None, initial={"email": user.email})
    if request.method == "POST" and form.is_valid():
        accounts.email_change_request(user=user, email=form.cleaned_data["email"], by=request.membership,
                                      build_url=request.build_absolute_uri)
        messages.success(request, _("A confirmation link was sent to %(email)s. Open it while signed in to confirm "
                                    "the address.") % {"email": form.cleaned_data["email"]})
        return redirect("my_email")
    return render(request, "registration/my_email.html", {
        "form": form, "title": _("My email address"), "confirmed": accounts.has_confirmed_email(user),
    })


@require_http_methods(["GET", "POST"])
def email_confirm(request, token):
    """The link from the mail: a page with a button (a GET changes nothing)."""
    if request.method == "POST":
        try:
            accounts.email_confirm(user=request.user, token=token, by=request.membership)
        except DomainError as error:
            messages.error(request, refusal_text(error))
        else:
            messages.success(request, _("Your email address is confirmed. Password-reset mail will come there."))
        return redirect("my_email")
    return render(request, "registration/email_confirm.html", {"title": _("Confirm your email address")})


class ConfirmedAddressResetForm(PasswordResetForm):
    """Django's reset form, sending only to an address its owner confirmed, a few times an hour."""

    def get_users(self, email):
        return iter(accounts.reset_recipients(email))


password_reset = login_not_required(auth_views.PasswordResetView.as_view(form_class=ConfirmedAddressResetForm))


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's reset confirmation; the new password is an audit row (S28)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        accounts.record_password_set(user=form.user, how="reset")
        return response


password_reset_confirm = login_not_required(PasswordResetConfirmView.as_view())


@require_POST
def role_decide(request, pk, decision):
    """The principal confirms or declines a role the operator asked for."""
    if decision not in ("confirm", "decline"):
        raise Http404
    member = get_visible_or_404(request, roles_awaiting(request.membership), object_type="bkcase.membership", pk=pk)
    try:
        decided = accounts.role_decide(membership=member, by=request.membership, confirm=decision == "confirm",
                                       seen_role=request.POST.get("pending_role", ""),
                                       seen_version=request.POST.get("version", ""))
    except DomainError as error:
        messages.error(request, refusal_text(error))
    else:
        text = (_("%(name)s now holds the role %(role)s.") if decision == "confirm"
                else _("The role %(role)s for %(name)s was declined; the account keeps what it had."))
        messages.success(request, text % {"name": member.display_name, "role": member.get_pending_role_display()})
        if decided.activation_path:
            messages.warning(request, _(
                "Give this link to %(name)s yourself, not through the operator: with it they choose their own "
                "password (it works once, for three days). Any password set before no longer works. %(link)s"
            ) % {"name": member.display_name, "link": request.build_absolute_uri(decided.activation_path)})
    return redirect("home")
