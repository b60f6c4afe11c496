from django.contrib import admin

from .models import Expert


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "institution", "school", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "institution"]
