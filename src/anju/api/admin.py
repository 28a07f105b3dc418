from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from anju.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are listed and revoked here; they are created with `anju manage api_token`,
    which shows the plain token once (only its digest is stored)."""

    list_display = ("name", "user", "created_at", "last_used_at")
    list_filter = ("user",)
    search_fields = ("name", "user__username")
    readonly_fields = ("user", "name", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
