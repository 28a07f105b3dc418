from __future__ import annotations

from django.contrib import admin

from anju.reporting.models import Period, Report, ReportValue, ValueChange


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["__str__", "programme", "due_date", "status"]
    list_filter = ["programme", "status"]


class ReportValueInline(admin.TabularInline):
    model = ReportValue
    extra = 0
    # Figures change through the reporting services, which keep the audit trail.
    readonly_fields = ["element", "value"]
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["unit", "period", "status", "version", "updated_at"]
    list_filter = ["period__programme", "period", "status"]
    # The status moves through the workflow, which records each step and keeps the sums by
    # subtree in step with what is published.
    readonly_fields = ["status"]
    inlines = [ReportValueInline]


@admin.register(ValueChange)
class ValueChangeAdmin(admin.ModelAdmin):
    list_display = ["at", "report", "element", "old_value", "new_value", "user", "channel"]
    list_filter = ["channel", "element"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
