"""Plan versions in Django's admin, read-only: a plan changes only through its services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from anju.plans.models import PlanFigure, PlanVersion


class PlanFigureInline(admin.TabularInline):
    model = PlanFigure
    fields = ("element", "month", "value")
    readonly_fields = ("element", "month", "value")
    extra = 0
    can_delete = False


@admin.register(PlanVersion)
class PlanVersionAdmin(admin.ModelAdmin):
    list_display = ["unit", "programme", "number", "status", "channel", "created_by", "created_at"]
    list_filter = ["status", "channel", "programme"]
    search_fields = ["unit__code", "unit__name"]
    inlines = [PlanFigureInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
