"""Monthly work plans (月工作目标): the checks on a unit's plan and its standing against it.

A plan gives, for each month, the year-to-date figure a unit means to reach by the end of it
(for a stock figure, the level it means to hold). Pure: the stored plan in force and the
reported figures come in; the checks' messages, the gap and the share of the plan achieved
(完成月计划%) go out, the latter two also as indicators the attachment tables show:

    <code>_plan       the goal for the month (a raw figure the tables sum over units)
    <code>_gap        goal − actual: what is still short (negative: ahead of the plan)
    <code>_plan_rate  actual ÷ goal × 100, at two places (of the sums in a total row)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from anju.engine.formula import Formula, IndicatorSpec
from anju.engine.values import NA, Value, divide, round_half_up

__all__ = [
    "PLAN_RATE_PLACES",
    "PlanElement",
    "PlanStanding",
    "gap_code",
    "goal_at",
    "plan_code",
    "plan_codes",
    "plan_indicators",
    "plan_problems",
    "plan_rate_code",
    "plan_standing",
]

PLAN_RATE_PLACES = 2
MONTHS = range(1, 13)


def plan_code(code: str) -> str:
    return f"{code}_plan"


def gap_code(code: str) -> str:
    return f"{code}_gap"


def plan_rate_code(code: str) -> str:
    return f"{code}_plan_rate"


def plan_codes(code: str) -> tuple[str, str, str]:
    """The three codes a planned element lends the tables: goal, gap and 完成月计划%."""
    return plan_code(code), gap_code(code), plan_rate_code(code)


@dataclass(frozen=True)
class PlanElement:
    """A planned figure as the checks need it."""

    code: str
    name: str
    places: int
    cumulative: bool  # a year-to-date figure: its goals may not fall from month to month
    measure: str = ""


def plan_indicators(elements: Sequence[PlanElement]) -> tuple[IndicatorSpec, ...]:
    """The gap and 完成月计划% of each planned element, as indicators over its goal."""
    specs: list[IndicatorSpec] = []
    for element in elements:
        goal, gap, rate = plan_codes(element.code)
        specs.append(IndicatorSpec(gap, Formula.parse(f"{goal} - {element.code}"), element.places))
        specs.append(
            IndicatorSpec(rate, Formula.parse(f"{element.code} / {goal} * 100"), PLAN_RATE_PLACES)
        )
    return tuple(specs)


def _places_of(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _amount(value: Decimal, element: PlanElement) -> str:
    return f"{value.normalize():f}{element.measure}"


def plan_problems(
    element: PlanElement,
    months: Mapping[int, Decimal],
    *,
    target: Value = NA,
    explained: bool = False,
) -> list[tuple[int, str]]:
    """What is wrong with one element's plan, as (month, message), each message naming the
    figure and month and saying what is expected. ``explained``: the plan says why it goes
    above the annual target."""
    problems: list[tuple[int, str]] = []
    previous: tuple[int, Decimal] | None = None
    for month in sorted(months):
        value = months[month]
        where = f"{element.name} {month}月"
        if month not in MONTHS:
            problems.append((month, f"{where}：月份应为 1 到 12"))
            continue
        if value < 0:
            problems.append((month, f"{where}：计划数不能为负数"))
        if _places_of(value) > element.places:
            allowed = "整数" if element.places == 0 else f"最多 {element.places} 位小数"
            problems.append((month, f"{where}：计划数应为{allowed}，现为 {value}"))
        if element.cumulative and previous is not None and value < previous[1]:
            before, amount = previous
            message = (
                f"{where}：累计计划数 {_amount(value, element)} 小于 {before}月的 "
                f"{_amount(amount, element)}，累计计划应逐月不减"
            )
            problems.append((month, message))
        if target is not NA and value > target and not explained:
            message = (
                f"{where}：计划数 {_amount(value, element)} 超过年度任务 "
                f"{_amount(target, element)}；如确需超过，请在说明中写明理由"
            )
            problems.append((month, message))
        previous = (month, value)
    return problems


def goal_at(months: Mapping[int, Decimal], month: int) -> Value:
    """The goal in force at the end of ``month``: that month's figure; NA when the plan has
    none for it (a plan is read as written, never filled in)."""
    return months.get(month, NA)


@dataclass(frozen=True)
class PlanStanding:
    """A unit's figure against its month's goal."""

    code: str
    goal: Value
    actual: Value
    gap: Value  # goal − actual, at the figure's places; negative when ahead
    rate: Value  # 完成月计划%: actual ÷ goal × 100, half-up at two places
    met: bool | None  # None when either figure is missing
    next_goal: Value  # next month's goal, NA in December or when the plan has none
    next_needed: Value  # what next month must add to reach it (never negative)


def plan_standing(
    element: PlanElement, months: Mapping[int, Decimal], month: int, actual: Value
) -> PlanStanding:
    goal = goal_at(months, month)
    gap: Value = NA
    met: bool | None = None
    if goal is not NA and actual is not NA:
        gap = round_half_up(goal - actual, element.places)
        met = actual >= goal
    rate = divide(actual, goal, Decimal(100))
    next_goal = goal_at(months, month + 1) if month < 12 else NA
    needed: Value = NA
    if next_goal is not NA and actual is not NA:
        needed = max(next_goal - actual, Decimal(0))
    return PlanStanding(
        code=element.code,
        goal=goal,
        actual=actual,
        gap=gap,
        rate=NA if rate is NA else round_half_up(rate, PLAN_RATE_PLACES),
        met=met,
        next_goal=next_goal,
        next_needed=needed,
    )
