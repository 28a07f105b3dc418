"""Reads of programmes: a stored programme as its model, the one the file and the API share."""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from anju import engine
from anju.programmes import fieldmap
from anju.programmes.entered import to_entered
from anju.programmes.fieldmap import copied
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
from anju.programmes.spec.scores import SCORE_FIGURES


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
        scores=[_figures_read(score) for score in programme.scores],
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
            **copied(e, fieldmap.ELEMENT),
            "time": e.time_aggregation,
            "target": e.target.code if e.target else None,
            "rules": e.rules,
            "plan": e.plan,
            "entered_in": e.entered_in or None,
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
    return IndicatorSpec(**copied(i, fieldmap.INDICATOR))


def _table(t: ReportTable) -> TableSpec:
    fields = copied(t, fieldmap.TABLE)
    if t.total == ReportTable.Total.NONE:
        del fields["total_label"]  # no total row, so no name for it (the file may not say one)
    return TableSpec(
        **fields,
        eligible_if=t.eligible_if or None,
        **_rank_rules(t.rank_rules),
        **t.categories,
        columns=[_column(c) for c in t.columns.all()],
    )


def _column(c: TableColumn) -> ColumnSpec:
    return ColumnSpec.model_validate(
        {
            **copied(c, fieldmap.COLUMN),
            "trim": c.trim or None,  # written only where it says something
            "source": c.source,
            "scale": c.scale,
            "group": c.group,
            "change": c.change,
            "total": c.total,
            **_display(c.display),
        }
    )


def _display(display: dict[str, Any]) -> dict[str, Any]:
    """A column's display rules as stored (figures as text in JSON) back as the file says them."""
    if "text_if" not in display:
        return display
    rules = [
        {
            key: Decimal(value) if key in ("at_least", "below") and value is not None else value
            for key, value in rule.items()
        }
        for rule in display["text_if"]
    ]
    return {**display, "text_if": rules}


def _rank_rules(rules: dict[str, Any]) -> dict[str, Any]:
    bands = rules.get("bands")
    if not bands:
        return rules
    return {**rules, "bands": _display({"text_if": bands})["text_if"]}


def _figures_read(stored: Any) -> Any:
    """A score as stored (its figures as text in JSON) with its figures exact again."""
    if isinstance(stored, list):
        return [_figures_read(item) for item in stored]
    if not isinstance(stored, dict):
        return stored
    return {
        key: Decimal(value) if key in SCORE_FIGURES else _figures_read(value)
        for key, value in stored.items()
    }


def score_names(programme: Programme) -> list[tuple[str, str]]:
    """The code and name of each part's score and each total (as prose may name them)."""
    return [
        (item["code"], item["name"])
        for score in programme.scores
        for item in (*score["parts"], score)
    ]


def milestone_spec(m: Milestone) -> engine.MilestoneSpec:
    """The milestone as the engine takes it (target and actual by element code), measured in
    its actual figure's unit. ``target`` and ``actual`` selected with it save two queries."""
    return engine.MilestoneSpec(
        code=m.code,
        label=m.label,
        target=m.target.code,
        actual=m.actual.code,
        threshold=m.threshold,
        due=m.due,
        verb=m.verb,
        measure=m.actual.measure,
    )


def _milestone(m: Milestone) -> MilestoneSpec:
    fields = dataclasses.asdict(milestone_spec(m))
    del fields["measure"]  # the file leaves it to the actual figure
    return MilestoneSpec(**fields, description=m.description)


def _narrative(n: NarrativeTemplate) -> NarrativeSpec:
    return NarrativeSpec(**copied(n, fieldmap.NARRATIVE), indicator=n.indicator or None)


def _targets(programme: Programme) -> dict[str, dict[str, Decimal]]:
    targets: dict[str, dict[str, Decimal]] = defaultdict(dict)
    rows = (
        DataElement.objects.filter(programme=programme, targets__isnull=False)
        .order_by("targets__unit__path", "order")
        .values_list("targets__unit__code", "code", "targets__value", "entered_in")
    )
    for unit, element, value, entered_in in rows:
        targets[unit][element] = to_entered(value, entered_in)
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
