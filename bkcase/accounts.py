"""Passwords someone else chose: an account the operator creates starts with a password the
operator knows, so its owner must replace it at the first login before opening anything (S17)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import PendingPasswordChange

SESSION_FLAG = "bkcase_must_change_password"
# what someone who must change their password can still reach
ALLOWED_URL_NAMES = ("password_change", "password_change_done", "logout", "set_language")


def require_password_change(*, user, by):
    PendingPasswordChange.objects.update_or_create(user=user, defaults={"set_by": by})


@receiver(user_logged_in)
def remember_pending_change(sender, request, user, **kwargs):
    """Looked up once, at login; each request then reads only the session."""
    if PendingPasswordChange.objects.filter(user=user).exists():
        request.session[SESSION_FLAG] = True


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.allowed = None

    def __call__(self, request):
        if request.session.get(SESSION_FLAG) and request.user.is_authenticated:
            if self.allowed is None:
                self.allowed = {reverse(name) for name in ALLOWED_URL_NAMES}
            if request.path not in self.allowed:
                messages.warning(request, _("Your password was set by the school's operator. Choose your own password "
                                            "before you continue."))
                return redirect("password_change")
        return self.get_response(request)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, which also lifts the obligation to change it."""

    def form_valid(self, form):
        response = super().form_valid(form)
        PendingPasswordChange.objects.filter(user=form.user).delete()
        self.request.session.pop(SESSION_FLAG, None)
        return response
