from __future__ import annotations

from typing import Any

from django.contrib import admin
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


class DataElementInline(admin.TabularInline):
    model = models.DataElement
    extra = 0


class IndicatorInline(admin.TabularInline):
    model = models.Indicator
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = models.Milestone
    extra = 0


class NarrativeInline(admin.StackedInline):
    model = models.NarrativeTemplate
    extra = 0


@admin.register(models.Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "year", "scope"]
    inlines = [DataElementInline, IndicatorInline, MilestoneInline, NarrativeInline]


class TableColumnInline(admin.TabularInline):
    model = models.TableColumn
    extra = 0


@admin.register(models.ReportTable)
class ReportTableAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "programme"]
    list_filter = ["programme"]
    inlines = [TableColumnInline]


@admin.register(models.Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["unit", "element", "value"]
    list_filter = ["element__programme", "element"]


@admin.register(models.MonthlyPlan)
class MonthlyPlanAdmin(admin.ModelAdmin):
    list_display = ["unit", "element", "month", "value"]
