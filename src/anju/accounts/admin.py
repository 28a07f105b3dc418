from __future__ import annotations

from django.contrib import admin

from anju.accounts.models import Role


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "unit"]
    list_filter = ["kind"]
    search_fields = ["user__username", "unit__name", "unit__code"]
    autocomplete_fields = ["unit"]
