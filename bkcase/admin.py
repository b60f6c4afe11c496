"""The platform administrator's admin site: schools and memberships only.

Case content is deliberately not registered here: it is read only through the application's
pages, which check access and write the audit trail.
"""

from django.contrib import admin

from .models import Membership, School


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "npsn", "city"]
    search_fields = ["name", "npsn"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "school", "role", "active"]
    list_filter = ["role", "active"]
    list_select_related = ["user", "school"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "school"]
