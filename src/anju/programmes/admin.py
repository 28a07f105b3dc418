from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.db.models import Model
from django.http import HttpRequest

from anju.programmes import models
from anju.programmes.services import unit_save


@admin.register(models.Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "sort_order"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]

    def save_model(self, request: HttpRequest, obj: models.Unit, form: Any, change: bool) -> None:
        unit_save(unit=obj)


def inline(model: type[Model], *, stacked: bool = False) -> type[InlineModelAdmin[Any, Any]]:
    """The model's rows edited within their parent's page, with no empty extra rows."""
    base = admin.StackedInline if stacked else admin.TabularInline
    return type(f"{model.__name__}Inline", (base,), {"model": model, "extra": 0})


@admin.register(models.Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "year", "scope"]
    inlines = [
        inline(models.DataElement),
        inline(models.Indicator),
        inline(models.Milestone),
        inline(models.NarrativeTemplate, stacked=True),
    ]


@admin.register(models.ReportTable)
class ReportTableAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "programme"]
    list_filter = ["programme"]
    inlines = [inline(models.TableColumn)]


@admin.register(models.Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["unit", "element", "value"]
    list_filter = ["element__programme", "element"]


@admin.register(models.MonthlyPlan)
class MonthlyPlanAdmin(admin.ModelAdmin):
    list_display = ["unit", "element", "month", "value"]
