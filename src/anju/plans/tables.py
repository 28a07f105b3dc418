"""Plans in the attachment tables: each unit's goal for the month joins its figures, and the
gap and 完成月计划% join the indicators, so a table column may show them (engine.plans)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from anju.engine import IndicatorSpec, UnitValues
from anju.engine.plans import PLAN_RATE_PLACES, goal_at, plan_code, plan_codes, plan_indicators
from anju.plans.selectors import plan_element, planned_elements, plans_in_force
from anju.programmes.models import Programme, Unit


def plan_places(programme: Programme) -> dict[str, int]:
    """The display precision of each derived code: the goal and gap at the figure's own."""
    places: dict[str, int] = {}
    for element in planned_elements(programme):
        goal, gap, rate = plan_codes(element.code)
        places.update({goal: element.places, gap: element.places, rate: PLAN_RATE_PLACES})
    return places


def with_goals(
    programme: Programme, month: int, units: Sequence[UnitValues]
) -> tuple[list[UnitValues], tuple[IndicatorSpec, ...]]:
    """The units with their goals for ``month`` added (``<code>_plan``), and the indicators
    that compute the gap and 完成月计划% from them. Unchanged when nothing is planned."""
    elements = [plan_element(element) for element in planned_elements(programme)]
    if not elements:
        return list(units), ()
    found = Unit.objects.filter(code__in=[unit.code for unit in units])
    plans = plans_in_force(programme, found)
    added = []
    for unit in units:
        plan = plans.get(unit.code, {})
        goals = {
            plan_code(element.code): goal_at(plan.get(element.code, {}), month)
            for element in elements
            if element.code in plan
        }
        added.append(replace(unit, values={**unit.values, **goals}) if goals else unit)
    return added, plan_indicators(elements)
