"""Writes to units and programme definitions."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from anju.errors import InvalidInput
from anju.programmes import fieldmap
from anju.programmes.definition import read_programme
from anju.programmes.entered import from_entered
from anju.programmes.fieldmap import copied
from anju.programmes.models import (
    DataElement,
    Indicator,
    Milestone,
    MonthlyPlan,
    NarrativeTemplate,
    Programme,
    ReportTable,
    TableColumn,
    Target,
    Unit,
)
from anju.programmes.signals import unit_moved
from anju.programmes.spec import ColumnSpec, ProgrammeSpec, TableSpec
from anju.programmes.spec.tables import RANK_RULES
from anju.programmes.versions import data_changed, every_programme_changed
from anju.programmes.yamlio import read_yaml

RANK_FIELDS = set(RANK_RULES)


@transaction.atomic
def unit_save(*, unit: Unit) -> Unit:
    """Save a unit, keeping its materialised path and its descendants' in step; a move is
    announced (``unit_moved``) so that what is summed by subtree follows it."""
    old_path = unit.path
    _save_with_path(unit)
    if old_path and old_path != unit.path:
        unit_moved.send(sender=Unit, unit=unit, old_path=old_path)
    return unit


def _save_with_path(unit: Unit) -> None:
    old_path = unit.path
    unit.path, unit.depth = unit.compute_path()
    unit.save()
    if old_path and old_path != unit.path:
        for child in unit.children.all():
            _save_with_path(child)


def units_upsert(*, units: Iterable[tuple[str, str, str, str | None, int]]) -> dict[str, Unit]:
    """Create or update units given as (code, name, kind, parent code, order), parents first."""
    saved: dict[str, Unit] = {}
    for code, name, kind, parent_code, order in units:
        parent = saved.get(parent_code) if parent_code else None
        if parent_code and parent is None:
            parent = Unit.objects.get(code=parent_code)
        unit = Unit.objects.filter(code=code).first() or Unit(code=code)
        unit.name, unit.kind, unit.parent, unit.sort_order = name, kind, parent, order
        saved[code] = unit_save(unit=unit)
    every_programme_changed()  # names and places show in pages cached under a version
    return saved


def programme_import_file(*, path: Path) -> Programme:
    """Read, check and load a programme file; nothing is stored if any part is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput([f"{path}: 无法读取文件（{error}）"]) from error
    return programme_import(definition=read_programme(read_yaml(text, str(path))))


@transaction.atomic
def programme_import(*, definition: ProgrammeSpec) -> Programme:
    """Store a checked programme: its units, elements, tables and the rest, in one go."""
    units = units_upsert(units=[row for unit in definition.units for row in unit.rows()])
    known_units = set(units) | set(
        Unit.objects.filter(
            code__in=[definition.scope, *definition.targets, *definition.plans]
        ).values_list("code", flat=True)
    )
    missing = sorted({definition.scope, *definition.targets, *definition.plans} - known_units)
    if missing:
        raise InvalidInput([f"单位代码“{code}”在文件和系统中都不存在" for code in missing])
    programme, _ = Programme.objects.update_or_create(
        code=definition.code,
        defaults={
            "name": definition.name,
            "year": definition.year,
            "scope": Unit.objects.get(code=definition.scope),
            # What the file says, without the defaults: readers fall back to their own.
            "bulletin": definition.bulletin.file_form(),
            "dashboard": definition.dashboard.file_form(),
            "scores": [s.model_dump(mode="json", exclude_defaults=True) for s in definition.scores],
        },
    )
    elements = _save_elements(programme, definition)
    _save_indicators(programme, definition)
    _save_tables(programme, definition)
    _save_milestones(programme, definition, elements)
    _save_targets_and_plans(programme, definition, elements)
    NarrativeTemplate.objects.filter(programme=programme).delete()
    NarrativeTemplate.objects.bulk_create(
        NarrativeTemplate(
            programme=programme,
            order=order,
            indicator=n.indicator or "",
            **copied(n, fieldmap.NARRATIVE),
        )
        for order, n in enumerate(definition.narratives)
    )
    data_changed(programme_id=programme.pk, everywhere=True)
    return programme


def _save_elements(programme: Programme, definition: ProgrammeSpec) -> dict[str, DataElement]:
    elements: dict[str, DataElement] = {}
    for order, e in enumerate(definition.data_elements):
        elements[e.code], _ = DataElement.objects.update_or_create(
            programme=programme,
            code=e.code,
            defaults={
                **copied(e, fieldmap.ELEMENT),
                "time_aggregation": e.time,
                "plan": e.plan,
                "entered_in": e.entered_in or "",
                "projects": e.projects_form(),
                "order": order,
            },
        )
    for e in definition.data_elements:
        elements[e.code].target = elements.get(e.target) if e.target else None
        elements[e.code].rules = [rule.file_form() for rule in e.rules]
    DataElement.objects.bulk_update(elements.values(), ["target", "rules"])
    stale = DataElement.objects.filter(programme=programme).exclude(code__in=elements)
    recorded = Q(values__isnull=False) | Q(changes__isnull=False)  # the audit trail is kept
    in_use = stale.filter(recorded).values_list("code", flat=True).distinct()
    if in_use:
        raise InvalidInput(
            [f"填报指标“{code}”已有填报数据，不能从计划中删除" for code in sorted(in_use)]
        )
    Milestone.objects.filter(programme=programme).delete()
    stale.delete()
    return elements


def _save_indicators(programme: Programme, definition: ProgrammeSpec) -> None:
    Indicator.objects.filter(programme=programme).delete()
    Indicator.objects.bulk_create(
        Indicator(programme=programme, order=order, **copied(i, fieldmap.INDICATOR))
        for order, i in enumerate(definition.indicators)
    )


def _save_tables(programme: Programme, definition: ProgrammeSpec) -> None:
    ReportTable.objects.filter(programme=programme).delete()
    for t in definition.tables:
        table = ReportTable.objects.create(programme=programme, **_table_fields(t))
        TableColumn.objects.bulk_create(
            _column(table, order, c) for order, c in enumerate(t.columns)
        )


def _table_fields(t: TableSpec) -> dict[str, object]:
    return {
        **copied(t, fieldmap.TABLE),
        "eligible_if": t.eligible_if or "",
        "rank_rules": t.model_dump(mode="json", include=set(t.model_fields_set & RANK_FIELDS)),
        "categories": {
            key: [item.file_form() for item in getattr(t, key)]
            for key in ("categories", "rates")
            if getattr(t, key)
        },
    }


def _column(table: ReportTable, order: int, c: ColumnSpec) -> TableColumn:
    return TableColumn(
        table=table,
        order=order,
        source=c.source or "",
        group=c.group or "",
        change=c.change.file_form() if c.change else None,
        **copied(c, fieldmap.COLUMN),
        scale=c.scale or "",
        total=c.total or "",
        display={
            key: value
            for key, value in c.model_dump(
                mode="json", include={"text_if", "blank", "unpublished"}
            ).items()
            if key in c.model_fields_set
        },
    )


def _save_milestones(
    programme: Programme, definition: ProgrammeSpec, elements: dict[str, DataElement]
) -> None:
    Milestone.objects.bulk_create(
        Milestone(
            programme=programme,
            target=elements[m.target],
            actual=elements[m.actual],
            **copied(m, fieldmap.MILESTONE),
        )
        for m in definition.milestones
    )


def _save_targets_and_plans(
    programme: Programme, definition: ProgrammeSpec, elements: dict[str, DataElement]
) -> None:
    """The year's targets and monthly plans, as the file gives them per unit and element."""
    units = Unit.objects.in_bulk([*definition.targets, *definition.plans], field_name="code")
    Target.objects.filter(element__programme=programme).delete()
    Target.objects.bulk_create(
        Target(
            element=elements[element],
            unit=units[unit],
            value=from_entered(value, elements[element].entered_in),
        )
        for unit, figures in definition.targets.items()
        for element, value in figures.items()
    )
    MonthlyPlan.objects.filter(element__programme=programme).delete()
    MonthlyPlan.objects.bulk_create(
        MonthlyPlan(element=elements[element], unit=units[unit], month=month, value=value)
        for unit, figures in definition.plans.items()
        for element, months in figures.items()
        for month, value in months.items()
    )
