"""A plan as typed (the page's fields) or sent (the API's JSON) → exact goals, every problem
named by figure and month; the same grammar of figures as the monthly report."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from anju.errors import InvalidInput
from anju.plans.selectors import planned_elements
from anju.plans.services import PlanInput, field_name
from anju.programmes.models import DataElement, Programme
from anju.reporting.checks import parse_figure

MONTHS = range(1, 13)


def _month(raw: object) -> int | None:
    text = str(raw).strip()
    return int(text) if text.isdigit() and int(text) in MONTHS else None


def _goal(element: DataElement, month: int, raw: object) -> Decimal | None:
    try:
        return parse_figure(element, raw, in_measure=True)  # goals are in the measure itself
    except ValueError as error:
        # "棚户区改造开工数：…" → "棚户区改造开工数 3月：…"
        message = str(error).replace(f"{element.name}：", f"{element.name} {month}月：", 1)
        raise ValueError(message) from None


def plan_input(programme: Programme, raw: Mapping[str, Mapping[Any, object]]) -> PlanInput:
    """Goals by figure and month; a figure that is not planned passes through empty, for the
    service to refuse by name. Raises InvalidInput listing every entry that is not a goal."""
    elements = {element.code: element for element in planned_elements(programme)}
    plan: dict[str, dict[int, Decimal | None]] = {}
    problems: list[str] = []
    fields: dict[str, str] = {}
    for code, months in raw.items():
        plan[code] = {}
        element = elements.get(code)
        if element is None:
            continue
        for key, value in months.items():
            month = _month(key)
            if month is None:
                problems.append(f"{element.name}：月份“{str(key)[:12]}”应为 1 到 12")
                continue
            try:
                plan[code][month] = _goal(element, month, value)
            except ValueError as error:
                problems.append(str(error))
                fields[field_name(code, month)] = str(error)
    if problems:
        raise InvalidInput(problems, fields)
    return plan
