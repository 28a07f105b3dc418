"""Writing a programme back to its definition file: the inverse of ``definition.read_programme``.

The output is the canonical form of the format: loading it and exporting again gives the same
text, byte for byte.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from anju.programmes.definition import BULLETIN_KEYS, CHANGE_KEYS, PROGRAMME_FORMAT
from anju.programmes.models import (
    DataElement,
    NarrativeTemplate,
    Programme,
    ReportTable,
    TableColumn,
    Unit,
)
from anju.programmes.yamlio import dump_yaml


def programme_export(*, programme: Programme) -> str:
    data: dict[str, Any] = {
        "anju": PROGRAMME_FORMAT,
        "code": programme.code,
        "name": programme.name,
        "year": programme.year,
        "scope": programme.scope.code,
    }
    if programme.bulletin:
        # JSON columns (jsonb) do not keep key order: write keys in the format's order.
        data["bulletin"] = _ordered(programme.bulletin, BULLETIN_KEYS)
    if programme.dashboard:
        data["dashboard"] = _dashboard(programme.dashboard)
    data["units"] = [_unit_tree(programme.scope)]
    data["data_elements"] = [_element(e) for e in programme.data_elements.select_related("target")]
    data["indicators"] = [
        _compact(
            {
                "code": i.code,
                "name": i.name,
                "formula": i.formula,
                "places": i.places,
                "measure": i.measure,
            }
        )
        for i in programme.indicators.all()
    ]
    data["tables"] = [_table(t) for t in programme.tables.prefetch_related("columns")]
    data["milestones"] = [
        _compact(
            {
                "code": m.code,
                "label": m.label,
                "target": m.target.code,
                "actual": m.actual.code,
                "threshold": m.threshold.normalize(),
                "due": m.due,
                "verb": m.verb,
                "description": m.description,
            }
        )
        for m in programme.milestones.select_related("target", "actual")
    ]
    data["targets"] = _targets(programme)
    plans = _plans(programme)
    if plans:
        data["plans"] = plans
    data["narratives"] = [_narrative(n) for n in programme.narratives.all()]
    return dump_yaml(data)


def _dashboard(dashboard: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if "cards" in dashboard:
        data["cards"] = [
            _ordered(card, ("label", "value", "of", "rate")) for card in dashboard["cards"]
        ]
    if "chart" in dashboard:
        data["chart"] = _ordered(dashboard["chart"], ("indicator", "milestones"))
    if "trend" in dashboard:
        data["trend"] = dashboard["trend"]
    return data


def _ordered(data: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    return dict(sorted(data.items(), key=lambda item: (*order, item[0]).index(item[0])))


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    """Leave out what the format's defaults already say."""
    return {key: value for key, value in data.items() if value not in ("", None, [])}


def _unit_tree(root: Unit) -> dict[str, Any]:
    units = list(Unit.objects.filter(path__startswith=root.path).order_by("depth", "sort_order"))
    children: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in units:
        children[unit.parent_id].append(unit)

    def node(unit: Unit) -> dict[str, Any]:
        data: dict[str, Any] = {"code": unit.code, "name": unit.name, "kind": unit.kind}
        if children[unit.pk]:
            data["children"] = [node(child) for child in children[unit.pk]]
        return data

    return node(root)


def _element(e: DataElement) -> dict[str, Any]:
    data: dict[str, Any] = {"code": e.code, "name": e.name, "measure": e.measure, "role": e.role}
    if e.role == DataElement.Role.ACTUAL or e.time_aggregation != "stock":
        data["time"] = e.time_aggregation
    if e.places:
        data["places"] = e.places
    if e.description:
        data["description"] = e.description
    if e.target_id:
        data["target"] = e.target.code  # type: ignore[union-attr]
    if e.rules:
        data["rules"] = [_ordered(rule, ("rule", "of", "level")) for rule in e.rules]
    return data


def _table(t: ReportTable) -> dict[str, Any]:
    data = _compact(
        {
            "code": t.code,
            "number": t.number,
            "title": t.title,
            "unit_line": t.unit_line,
        }
    )
    if not t.show_period:
        data["show_period"] = False
    data.update(
        _compact(
            {
                "keys": t.keys,
                "tiebreak": t.tiebreak,
                "eligible_if": t.eligible_if,
                "include_if_any": t.include_if_any,
            }
        )
    )
    if t.total_label != "合  计":
        data["total_label"] = t.total_label
    if t.unranked_note != "{units}无下达任务，不参与排序。":
        data["unranked_note"] = t.unranked_note
    data["columns"] = [_column(c) for c in t.columns.all()]
    return data


def _column(c: TableColumn) -> dict[str, Any]:
    data = _compact(
        {
            "key": c.key,
            "kind": c.kind,
            "header": c.header,
            "source": c.source,
            "places": c.places,
            "suffix": c.suffix,
            "group": c.group,
            "change": _ordered(c.change, CHANGE_KEYS) if c.change else None,
        }
    )
    if c.trim:
        data["trim"] = True
    return data


def _narrative(n: NarrativeTemplate) -> dict[str, Any]:
    data: dict[str, Any] = {"code": n.code}
    if n.kind != NarrativeTemplate.Kind.PARAGRAPH:
        data["kind"] = n.kind
    if n.kind == NarrativeTemplate.Kind.HEADING:
        data["level"] = n.level
    data.update(_compact({"text": n.text, "indicator": n.indicator, "milestones": n.milestones}))
    return data


def _targets(programme: Programme) -> dict[str, dict[str, Decimal]]:
    targets: dict[str, dict[str, Decimal]] = defaultdict(dict)
    rows = (
        DataElement.objects.filter(programme=programme, targets__isnull=False)
        .order_by("targets__unit__path", "order")
        .values_list("targets__unit__code", "code", "targets__value")
    )
    for unit, element, value in rows:
        targets[unit][element] = value.normalize()
    return dict(targets)


def _plans(programme: Programme) -> dict[str, dict[str, dict[int, Decimal]]]:
    plans: dict[str, dict[str, dict[int, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    rows = (
        DataElement.objects.filter(programme=programme, plans__isnull=False)
        .order_by("plans__unit__path", "order", "plans__month")
        .values_list("plans__unit__code", "code", "plans__month", "plans__value")
    )
    for unit, element, month, value in rows:
        plans[unit][element][month] = value.normalize()
    return {unit: dict(figures) for unit, figures in plans.items()}
