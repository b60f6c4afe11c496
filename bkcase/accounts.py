"""User accounts: who creates them, who confirms the roles that read case content, whose email a
password reset may go to, and the audit rows of logins and account changes.

Separation of duties (S25): the operator manages accounts but can never, alone, reach case
content. A counselor's or coordinator's role takes effect only once the principal confirms it (a
principal's role: the platform administrator); the operator cannot change the email address or the
password of an account that reads case content; password-reset mail goes only to an address the
person confirmed themselves. Every account change, login and reset is an audit row (S28).
"""

from datetime import timedelta

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from . import access, audit
from .exceptions import DomainError, NotAllowed, refuses_in_the_domain
from .models import ConfirmedEmail, Membership, PendingPasswordChange
from .services import assign, only_fields
from .versioning import lock_for_edit

SESSION_FLAG = "bkcase_must_change_password"
# what someone who must change their password can still reach
ALLOWED_URL_NAMES = ("password_change", "password_change_done", "logout", "set_language")

MEMBERSHIP_FIELDS = ("role", "nip", "position", "phone", "active")
USER_FIELDS = ("first_name", "last_name", "email")

# password-reset requests answered per hour, per email address and per account
RESET_LIMIT_PER_ADDRESS = 3
RESET_LIMIT_PER_ACCOUNT = 3
RESET_WINDOW = timedelta(hours=1)
EMAIL_LINK_MAX_AGE = 60 * 60 * 24 * 3  # seconds: a confirmation link works for three days
EMAIL_SALT = "bkcase.confirm-email"


# Passwords someone else chose -----------------------------------------------------------------


@refuses_in_the_domain
def require_password_change(*, user, by):
    """An account the operator creates starts with a password the operator knows, so its owner must
    replace it at the first login before opening anything (S17)."""
    PendingPasswordChange.objects.update_or_create(user=user, defaults={"set_by": by})


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
    """Django's password change, which also lifts the obligation to change it, and is audited."""

    def form_valid(self, form):
        response = super().form_valid(form)
        PendingPasswordChange.objects.filter(user=form.user).delete()
        self.request.session.pop(SESSION_FLAG, None)
        record_password_set(user=form.user, how="changed", by=getattr(self.request, "membership", None))
        return response


@refuses_in_the_domain
def record_password_set(*, user, how, by=None):
    audit.record(by=by or _membership_of(user), user=user, action=audit.Action.PASSWORD_SET, object_type="auth.user",
                 object_id=user.pk, detail=f"password:{how}")


# Logins (S28) ---------------------------------------------------------------------------------


def _membership_of(user):
    """The role an account's audit rows are filed under: its active one, else one awaiting
    confirmation or inactive (so the school's account log shows that account's logins too)."""
    return Membership.objects.filter(user=user).order_by("-active", "pk").first()


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    """Looked up once, at login; each request then reads only the session."""
    if PendingPasswordChange.objects.filter(user=user).exists():
        request.session[SESSION_FLAG] = True
    audit.record(by=_membership_of(user), user=user, action=audit.Action.LOGIN, object_type="auth.user",
                 object_id=user.pk)


def _attempted_user(username):
    return get_user_model().objects.filter(username=username).first() if username else None


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(by=_membership_of(user), user=user, action=audit.Action.LOGOUT, object_type="auth.user",
                     object_id=user.pk)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    """A name that is no account's is not kept: people type their password in the wrong box."""
    user = _attempted_user((credentials or {}).get("username", "")[:150])
    audit.record(by=_membership_of(user) if user else None, user=user, username=user.username if user else "",
                 action=audit.Action.LOGIN_FAILED, object_type="auth.user", object_id=user.pk if user else "",
                 detail="" if user else "unknown-username")


@receiver(user_locked_out)
def on_locked_out(sender, request=None, username=None, **kwargs):
    username = (username or "")[:150]
    user = _attempted_user(username)
    audit.record(by=_membership_of(user) if user else None, user=user, username=username,
                 action=audit.Action.LOCKED_OUT, object_type="auth.user", object_id=user.pk if user else "")


# Accounts the operator manages ------------------------------------------------------------------


def _ask_confirmation(membership, role, by):
    membership.pending_role = role
    membership.pending_by = by
    membership.pending_since = timezone.now()


@refuses_in_the_domain
def staff_create(*, by, username, password, role, first_name, last_name="", email="", nip="", position=""):
    """Create a user account with a role in the operator's school. A role that reads case content
    waits, inactive, for the principal's (or the platform administrator's) confirmation."""
    if not access.can_manage_school(by):
        raise NotAllowed(_("Only the operator manages user accounts."))
    User = get_user_model()
    with transaction.atomic():
        user = User(username=username, first_name=first_name, last_name=last_name, email=email)
        user.set_password(password)
        user.full_clean()
        user.save()
        membership = Membership(user=user, school=by.school, role=role, nip=nip, position=position)
        if access.needs_confirmation(role):
            membership.active = False
            _ask_confirmation(membership, role, by)
        membership.full_clean()
        membership.save()
        require_password_change(user=user, by=by)  # the operator knows this one
        detail = f"created:{role}" + (":awaiting-confirmation" if membership.pending_role else "")
        audit.record(by=by, action=audit.Action.CREATE, obj=membership, detail=detail)
    return membership


@refuses_in_the_domain
def staff_update(*, membership, by, version=None, **fields):
    """Change an account. `version` is the one the user saw: a stale edit is refused (S12). The
    operator cannot change the email of an account that reads case content; a role that reads case
    content, or re-activating such an account, waits for confirmation."""
    if not access.can_manage_school(by) or membership.school_id != by.school_id:
        raise NotAllowed(_("Only the operator manages user accounts."))
    only_fields(fields, MEMBERSHIP_FIELDS + USER_FIELDS)
    if membership.pk == by.pk and (fields.get("active") is False or fields.get("role", by.role) != by.role):
        raise ValidationError(_("You cannot remove your own operator role."))
    with transaction.atomic():
        locked = lock_for_edit(Membership.objects.select_related("user"), membership.pk, version, what=_("user account"))
        user = locked.user
        changes = []
        if "email" in fields and (fields["email"] or "").strip().lower() != (user.email or "").strip().lower():
            if not access.can_change_credentials_of(by, user):
                raise ValidationError({"email": _(
                    "This account reads case content: only its owner changes its email address, from their own "
                    "account page.")})
            changes.append("email")
        role = fields.pop("role", locked.role)
        active = fields.pop("active", locked.active)
        member_fields = {k: v for k, v in fields.items() if k in MEMBERSHIP_FIELDS}
        user_fields = {k: v for k, v in fields.items() if k in USER_FIELDS}
        changes += [name for name, value in member_fields.items() if getattr(locked, name) != value]
        changes += [name for name, value in user_fields.items() if name != "email" and getattr(user, name) != value]
        renamed = [name for name in ("first_name", "last_name")
                   if name in user_fields and getattr(user, name) != user_fields[name]]
        # the names people are recognised by (invitations, the confirmation list) are credentials too
        if renamed and not access.can_change_credentials_of(by, user):
            raise ValidationError({renamed[0]: _(
                "This account reads case content: the operator cannot change the name it is known by.")})
        if locked.pending_role and (not active or role != locked.pending_role):
            # deactivating, or asking for something else, withdraws the request
            changes.append(f"pending_role:withdrawn:{locked.pending_role}")
            locked.pending_role, locked.pending_by, locked.pending_since = "", None, None
        if access.grants_reading(old_role=locked.role, old_active=locked.active, role=role, active=active):
            # giving or widening a role that reads case content, or re-activating one: asked, not done
            if locked.pending_role != role:
                _ask_confirmation(locked, role, by)
                changes.append(f"pending_role:{role}")
        else:  # narrowing, deactivating, or a role that reads nothing: at once
            if role != locked.role:
                changes.append(f"role:{locked.role}>{role}")
                locked.role = role
            if active != locked.active:
                changes.append(f"active:{int(bool(active))}")
                locked.active = active
        assign(locked, member_fields)
        locked.version += 1
        locked.full_clean()
        locked.save()
        if user_fields:
            assign(user, user_fields)
            user.full_clean()
            user.save(update_fields=list(user_fields))
        audit.record(by=by, action=audit.Action.CHANGE, obj=locked, detail=",".join(changes) or "saved")
    return locked


def _decide(*, membership, confirm, by, user, allowed, seen_role=None, seen_version=None):
    """Confirm or decline the pending role; `allowed(locked)` asks the access rule of the row as it
    is now. `seen_role` and `seen_version` are what the decider was shown: a request changed since is
    refused, never applied as it now stands.

    A confirmed reading role on an account its person did not yet hold with reading (a new account,
    or one whose password the operator chose) starts from no password: every session of it ends (the
    password hash changes) and the decider receives a one-time link to hand to the person, who sets
    their own password with it. The operator, who knew the initial password, is left with nothing."""
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        role = locked.pending_role
        if not role:
            raise DomainError(_("This account has no role awaiting confirmation (it was already decided)."))
        if not allowed(locked):
            raise NotAllowed(_("Only the principal confirms a counselor's or coordinator's role; a principal's role "
                               "is confirmed by the platform administrator."))
        if seen_role is not None and (seen_role != role or str(seen_version) != str(locked.version)):
            raise DomainError(_("The request changed after you opened the page. Look at it again before you "
                                "decide."))
        locked.activation_path = None
        fresh_hands = confirm and not access.already_reads(locked.user)
        if confirm:
            locked.role = role
            locked.active = True
        locked.pending_role, locked.pending_by, locked.pending_since = "", None, None
        locked.version += 1
        locked.save()
        detail = f"role:{role}"
        if fresh_hands:
            person = locked.user
            person.set_unusable_password()
            person.save(update_fields=["password"])
            ConfirmedEmail.objects.filter(user=person).delete()
            PendingPasswordChange.objects.filter(user=person).delete()
            locked.activation_path = reverse("password_reset_confirm", args=[
                urlsafe_base64_encode(force_bytes(person.pk)), default_token_generator.make_token(person)])
            detail += ",password:cleared,activation-link"
        audit.record(by=by, user=user, action=audit.Action.CONFIRM if confirm else audit.Action.DECLINE, obj=locked,
                     detail=detail, school_id=locked.school_id)
    return locked


@refuses_in_the_domain
def role_decide(*, membership, by, confirm, seen_role=None, seen_version=None):
    """The principal confirms (or declines) the role the operator asked for, as she was shown it."""
    return _decide(membership=membership, confirm=confirm, by=by, user=None,
                   allowed=lambda locked: access.can_confirm_role(by, locked),
                   seen_role=seen_role, seen_version=seen_version)


@refuses_in_the_domain
def role_decide_as_platform(*, membership, user, confirm):
    """The platform administrator's confirmation (the admin site): a principal's role, or any other."""
    return _decide(membership=membership, confirm=confirm, by=None, user=user,
                   allowed=lambda locked: access.can_confirm_role_as_platform(user, locked))


# Email addresses a person confirmed ---------------------------------------------------------------


@refuses_in_the_domain
def email_link_token(*, user, email):
    return signing.dumps({"u": user.pk, "e": email.strip().lower()}, salt=EMAIL_SALT)


@refuses_in_the_domain
def email_change_request(*, user, email, by, build_url):
    """The person asks to use `email`: a link to confirm it goes to that address. Until it is
    confirmed, password resets do not go there."""
    email = email.strip()
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        changed = email.lower() != (user.email or "").lower()
        user.email = email
        user.full_clean()
        user.save(update_fields=["email"])
        token = email_link_token(user=user, email=email)
        link = build_url(reverse("email_confirm", args=[token]))
        audit.record(by=by or _membership_of(user), user=user, action=audit.Action.CHANGE, object_type="auth.user",
                     object_id=user.pk,
                     detail="email:changed,confirmation-sent" if changed else "email:confirmation-sent")
        transaction.on_commit(lambda: send_mail(
            _("Confirm your email address for bkcase"),
            _("Open this link to confirm that this address is yours; password-reset mail for your bkcase "
              "account will then come here:\n\n%(link)s\n\nThe link works for three days. If you did not ask "
              "for it, ignore this mail.") % {"link": link},
            settings.DEFAULT_FROM_EMAIL, [email],
        ))
    return user


@refuses_in_the_domain
def email_confirm(*, user, token, by):
    """The person opened the link sent to their address, signed in as themselves."""
    try:
        data = signing.loads(token, salt=EMAIL_SALT, max_age=EMAIL_LINK_MAX_AGE)
    except signing.BadSignature as error:
        raise DomainError(_("This confirmation link is invalid or has expired. Ask for a new one.")) from error
    if data.get("u") != user.pk or data.get("e") != (user.email or "").strip().lower():
        raise DomainError(_("This confirmation link is not for the address your account now has. Ask for a new "
                            "one."))
    with transaction.atomic():
        ConfirmedEmail.objects.update_or_create(user=user, defaults={"email": user.email,
                                                                      "confirmed_at": timezone.now()})
        audit.record(by=by or _membership_of(user), user=user, action=audit.Action.CONFIRM, object_type="auth.user",
                     object_id=user.pk, detail="email:confirmed")


def has_confirmed_email(user):
    """Whether the account's current address is one its owner confirmed."""
    try:
        confirmed = user.confirmed_email
    except ConfirmedEmail.DoesNotExist:
        return False
    return bool(user.email) and confirmed.email.lower() == user.email.lower()


# Password resets ------------------------------------------------------------------------------------


def _address_key(email):
    """Audit rows keep no address: the request is counted under a keyed digest of it (unkeyed, a
    list of likely addresses would give them back)."""
    return salted_hmac("bkcase.password-reset-address", email.strip().lower()).hexdigest()[:32]


def reset_recipients(email):
    """The accounts a reset for `email` may go to: active, with a usable password, whose current
    address is the one they confirmed; at most a few requests an hour per address and per account
    (the limits are counted from the audit trail, shared by every server process)."""
    since = timezone.now() - RESET_WINDOW
    key = _address_key(email)
    asked = audit.AuditEvent.objects.filter(action=audit.Action.PASSWORD_RESET, object_type="auth.passwordreset",
                                            occurred_at__gte=since)
    over_address = asked.filter(object_id=key).count() >= RESET_LIMIT_PER_ADDRESS
    holders = list(get_user_model().objects.filter(is_active=True, email__iexact=email.strip())
                   .select_related("confirmed_email"))
    users = [user for user in holders if has_confirmed_email(user)]
    asked_per_account = dict(asked.filter(user__in=users).values_list("user").annotate(n=Count("id")))
    recipients = [
        user for user in users
        if user.has_usable_password() and not over_address
        and asked_per_account.get(user.pk, 0) < RESET_LIMIT_PER_ACCOUNT
    ]
    outcome = "sent" if recipients else ("limited" if users else ("unconfirmed-address" if holders else "unknown"))
    # filed under the account's school when the address is one account's, so its log shows the request
    one = holders[0] if len(holders) == 1 else None
    audit.record(by=_membership_of(one) if one else None, user=one, username=one.username if one else "",
                 action=audit.Action.PASSWORD_RESET, object_type="auth.passwordreset", object_id=key, detail=outcome)
    return recipients
