"""The dashboard's 月工作目标 panel: each child's figure against its goal for the month (plan,
actual, gap, 完成月计划%) and what next month must add to reach next month's goal — the pace
measured against the plan rather than a straight line to the milestone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from anju.engine import NA, UnitValues, Value, format_value, sum_values
from anju.engine.plans import PLAN_RATE_PLACES, PlanStanding, plan_standing
from anju.plans.selectors import Plan, plan_element, planned_elements, plans_in_force
from anju.programmes.models import Programme, Unit


@dataclass(frozen=True)
class PlanRow:
    unit_code: str | None  # None for the total
    unit_name: str
    goal: str
    actual: str
    gap: str
    rate: str
    met: bool | None
    next_goal: str
    next_needed: str


@dataclass(frozen=True)
class PlanPanel:
    code: str
    name: str
    measure: str
    rows: tuple[PlanRow, ...]
    total: PlanRow

    @property
    def behind(self) -> tuple[PlanRow, ...]:
        return tuple(row for row in self.rows if row.met is False)


def _row(code: str | None, name: str, standing: PlanStanding, places: int) -> PlanRow:
    def text(value: Value, at: int = places) -> str:
        return format_value(value, at)

    return PlanRow(
        unit_code=code,
        unit_name=name,
        goal=text(standing.goal),
        actual=text(standing.actual),
        gap=text(standing.gap),
        rate=text(standing.rate, PLAN_RATE_PLACES),
        met=standing.met,
        next_goal=text(standing.next_goal),
        next_needed=text(standing.next_needed),
    )


def _summed(plans: Sequence[Plan], code: str) -> dict[int, Value]:
    months = {month for plan in plans for month in plan.get(code, {})}
    return {
        month: sum_values(plan.get(code, {}).get(month, NA) for plan in plans)
        for month in sorted(months)
    }


def plan_panels(
    *, programme: Programme, month: int, units: Sequence[UnitValues]
) -> tuple[PlanPanel, ...]:
    """One panel per planned figure that some unit has a plan for; the total compares the
    sum of the goals with the sum of the figures, as the tables' total row does."""
    elements = [plan_element(element) for element in planned_elements(programme)]
    if not elements:
        return ()
    plans = plans_in_force(programme, Unit.objects.filter(code__in=[u.code for u in units]))
    panels = []
    for element in elements:
        planned = [unit for unit in units if element.code in plans.get(unit.code, {})]
        if not planned:
            continue
        rows = tuple(
            _row(
                unit.code,
                unit.name,
                plan_standing(
                    element,
                    plans[unit.code][element.code],
                    month,
                    unit.values.get(element.code, NA),
                ),
                element.places,
            )
            for unit in planned
        )
        goals = {m: v for m, v in _summed([plans[u.code] for u in planned], element.code).items()}
        actual = sum_values(unit.values.get(element.code, NA) for unit in units)
        known = {m: v for m, v in goals.items() if v is not NA}
        total = _row(None, "合计", plan_standing(element, known, month, actual), element.places)
        panels.append(PlanPanel(element.code, element.name, element.measure, rows, total))
    return tuple(panels)
