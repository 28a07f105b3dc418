"""Reads of programmes: a stored programme as its model, the one the file and the API share."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from anju.programmes.models import (
    DataElement,
    Indicator,
    Milestone,
    NarrativeTemplate,
    Programme,
    ReportTable,
    TableColumn,
    Unit,
)
from anju.programmes.spec import (
    BulletinSpec,
    ColumnSpec,
    DashboardSpec,
    ElementSpec,
    IndicatorSpec,
    MilestoneSpec,
    NarrativeSpec,
    ProgrammeHead,
    ProgrammeSpec,
    TableSpec,
    UnitSpec,
)


def programme_head(programme: Programme) -> ProgrammeHead:
    return ProgrammeHead(
        code=programme.code, name=programme.name, year=programme.year, scope=programme.scope.code
    )


def programme_spec(programme: Programme) -> ProgrammeSpec:
    """The stored programme as its file would say it (the export writes exactly this)."""
    return ProgrammeSpec(
        **programme_head(programme).model_dump(),
        bulletin=BulletinSpec.model_validate(programme.bulletin),
        dashboard=DashboardSpec.model_validate(programme.dashboard),
        units=[_unit_tree(programme.scope)],
        data_elements=[_element(e) for e in programme.data_elements.select_related("target")],
        indicators=[_indicator(i) for i in programme.indicators.all()],
        tables=[_table(t) for t in programme.tables.prefetch_related("columns")],
        milestones=[_milestone(m) for m in programme.milestones.select_related("target", "actual")],
        targets=_targets(programme),
        plans=_plans(programme),
        narratives=[_narrative(n) for n in programme.narratives.all()],
    )


def _unit_tree(root: Unit) -> UnitSpec:
    units = Unit.objects.filter(path__startswith=root.path).order_by("depth", "sort_order")
    children: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in units:
        children[unit.parent_id].append(unit)

    def node(unit: Unit) -> UnitSpec:
        below = [node(child) for child in children[unit.pk]]
        return UnitSpec(code=unit.code, name=unit.name, kind=unit.kind, children=below)

    return node(root)


def _element(e: DataElement) -> ElementSpec:
    return ElementSpec.model_validate(
        {
            "code": e.code,
            "name": e.name,
            "measure": e.measure,
            "role": e.role,
            "time": e.time_aggregation,
            "places": e.places,
            "description": e.description,
            "target": e.target.code if e.target else None,
            "rules": e.rules,
            "from_projects": e.projects.get("flow"),
            "projects": {
                key: datetime.date.fromisoformat(value) if key.startswith("completed") else value
                for key, value in e.projects.items()
                if key != "flow"
            }
            or None,
        }
    )


def _indicator(i: Indicator) -> IndicatorSpec:
    return IndicatorSpec(
        code=i.code, name=i.name, formula=i.formula, places=i.places, measure=i.measure
    )


def _table(t: ReportTable) -> TableSpec:
    return TableSpec(
        code=t.code,
        number=t.number,
        title=t.title,
        unit_line=t.unit_line,
        show_period=t.show_period,
        keys=t.keys,
        tiebreak=t.tiebreak,
        eligible_if=t.eligible_if or None,
        include_if_any=t.include_if_any,
        total_label=t.total_label,
        unranked_note=t.unranked_note,
        columns=[_column(c) for c in t.columns.all()],
    )


def _column(c: TableColumn) -> ColumnSpec:
    return ColumnSpec.model_validate(
        {
            "key": c.key,
            "kind": c.kind,
            "header": c.header,
            "source": c.source,
            "places": c.places,
            "trim": c.trim,
            "suffix": c.suffix,
            "group": c.group,
            "change": c.change,
        }
    )


def _milestone(m: Milestone) -> MilestoneSpec:
    return MilestoneSpec(
        code=m.code,
        label=m.label,
        target=m.target.code,
        actual=m.actual.code,
        threshold=m.threshold,
        due=m.due,
        verb=m.verb,
        description=m.description,
    )


def _narrative(n: NarrativeTemplate) -> NarrativeSpec:
    return NarrativeSpec(
        code=n.code,
        kind=n.kind,
        level=n.level,
        text=n.text,
        indicator=n.indicator or None,
        milestones=n.milestones,
    )


def _targets(programme: Programme) -> dict[str, dict[str, Decimal]]:
    targets: dict[str, dict[str, Decimal]] = defaultdict(dict)
    rows = (
        DataElement.objects.filter(programme=programme, targets__isnull=False)
        .order_by("targets__unit__path", "order")
        .values_list("targets__unit__code", "code", "targets__value")
    )
    for unit, element, value in rows:
        targets[unit][element] = value
    return dict(targets)


def _plans(programme: Programme) -> dict[str, dict[str, dict[int, Decimal]]]:
    plans: dict[str, dict[str, dict[int, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    rows = (
        DataElement.objects.filter(programme=programme, plans__isnull=False)
        .order_by("plans__unit__path", "order", "plans__month")
        .values_list("plans__unit__code", "code", "plans__month", "plans__value")
    )
    for unit, element, month, value in rows:
        plans[unit][element][month] = value
    return {unit: dict(figures) for unit, figures in plans.items()}
