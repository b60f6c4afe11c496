"""The platform administrator's admin site: schools and memberships only.

Case content is deliberately not registered here: it is read only through the application's
pages, which check access and write the audit trail.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import accounts, audit
from .exceptions import DomainError
from .models import Membership, School


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "npsn", "city"]
    search_fields = ["name", "npsn"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "school", "role", "active", "pending_role"]
    list_filter = ["role", "active", "pending_role"]
    actions = ["confirm_pending_roles", "decline_pending_roles"]
    list_select_related = ["user", "school"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "school"]

    def save_model(self, request, obj, form, change):
        """The platform administrator's edits are account changes like any other (S28)."""
        super().save_model(request, obj, form, change)
        audit.record(by=None, user=request.user, action=audit.Action.CHANGE if change else audit.Action.CREATE,
                     obj=obj, school_id=obj.school_id, detail="admin:" + ",".join(form.changed_data))

    def _decide(self, request, queryset, confirm):
        done = 0
        for membership in queryset.exclude(pending_role=""):
            try:
                decided = accounts.role_decide_as_platform(membership=membership, user=request.user, confirm=confirm)
                done += 1
                if decided.activation_path:
                    self.message_user(request, _("Give %(user)s this link to choose a password: %(link)s") % {
                        "user": decided.user.get_username(),
                        "link": request.build_absolute_uri(decided.activation_path)}, messages.WARNING)
            except DomainError as error:
                self.message_user(request, f"{membership}: {error.message}", messages.ERROR)
        self.message_user(request, _("%(n)d role(s) decided.") % {"n": done})

    @admin.action(description=_("Confirm the role awaiting confirmation (a principal's too)"))
    def confirm_pending_roles(self, request, queryset):
        self._decide(request, queryset, True)

    @admin.action(description=_("Decline the role awaiting confirmation"))
    def decline_pending_roles(self, request, queryset):
        self._decide(request, queryset, False)
