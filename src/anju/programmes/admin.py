from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.db.models import Model
from django.http import HttpRequest

from anju.programmes import models
from anju.programmes.services import unit_save
from anju.programmes.versions import data_changed, every_programme_changed


@admin.register(models.Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "sort_order"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]

    def save_model(self, request: HttpRequest, obj: models.Unit, form: Any, change: bool) -> None:
        unit_save(unit=obj)
        every_programme_changed()  # its name and place show in pages cached under a version


class ChangesData(admin.ModelAdmin):
    """An edit here changes what the programme's pages show: its data version is raised
    (pages are cached under it). ``programme_of`` names the programme of an object."""

    def programme_of(self, obj: Any) -> int:
        raise NotImplementedError

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        data_changed(programme_id=self.programme_of(form.instance))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.delete_queryset(request, type(obj).objects.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        programmes = {self.programme_of(obj) for obj in queryset}
        super().delete_queryset(request, queryset)
        # A programme deleted has no pages left to cache.
        for programme_id in models.Programme.objects.filter(pk__in=programmes).values_list(
            "pk", flat=True
        ):
            data_changed(programme_id=programme_id)


def inline(model: type[Model], *, stacked: bool = False) -> type[InlineModelAdmin[Any, Any]]:
    """The model's rows edited within their parent's page, with no empty extra rows."""
    base = admin.StackedInline if stacked else admin.TabularInline
    return type(f"{model.__name__}Inline", (base,), {"model": model, "extra": 0})


@admin.register(models.Programme)
class ProgrammeAdmin(ChangesData):
    list_display = ["code", "name", "year", "scope"]

    def programme_of(self, obj: models.Programme) -> int:
        return obj.pk

    inlines = [
        inline(models.DataElement),
        inline(models.Indicator),
        inline(models.Milestone),
        inline(models.NarrativeTemplate, stacked=True),
    ]


@admin.register(models.ReportTable)
class ReportTableAdmin(ChangesData):
    list_display = ["number", "title", "programme"]

    def programme_of(self, obj: models.ReportTable) -> int:
        return obj.programme_id

    list_filter = ["programme"]
    inlines = [inline(models.TableColumn)]


@admin.register(models.Target)
class TargetAdmin(ChangesData):
    list_display = ["unit", "element", "value"]

    def programme_of(self, obj: models.Target) -> int:
        return obj.element.programme_id

    list_filter = ["element__programme", "element"]


@admin.register(models.MonthlyPlan)
class MonthlyPlanAdmin(ChangesData):
    list_display = ["unit", "element", "month", "value"]

    def programme_of(self, obj: models.MonthlyPlan) -> int:
        return obj.element.programme_id
