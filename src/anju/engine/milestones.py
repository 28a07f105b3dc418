"""Milestones ("by 30 June, 60% of the target started"): where a unit stands and where it is
heading, and monthly work targets.

Months are months of the programme year (1..12); a milestone's due date is taken to fall in
that same year. Observations are year-to-date figures, so the year starts from zero.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal, localcontext
from typing import Final

from anju.engine.validation import gettext_noop
from anju.engine.values import NA, PRECISION, Value, divide, format_value, round_half_up

__all__ = [
    "MilestoneSpec",
    "MilestoneState",
    "Observation",
    "PlanCheck",
    "check_plan",
    "evaluate_milestone",
    "milestone_concerns",
    "next_milestone",
]

_HUNDRED = Decimal(100)


# Marked for the translation catalogue; the engine itself stays Django-free.
GAP_MET: Final = gettext_noop("已完成")
GAP_SHORT: Final = gettext_noop("还需%(verb)s %(amount)s %(measure)s")


def _check_month(month: int, what: str) -> None:
    if not 1 <= month <= 12:
        raise ValueError(f"{what} must be a month of the programme year (1..12), got {month}")


@dataclass(frozen=True)
class MilestoneSpec:
    code: str
    label: str
    target: str  # data-element code of the target
    actual: str  # data-element code of the year-to-date achievement
    threshold: Decimal  # percentage of the target to reach
    due: datetime.date
    verb: str = "开工"
    measure: str = "套"


@dataclass(frozen=True)
class Observation:
    month: int
    value: Decimal  # year-to-date figure at the end of the month

    def __post_init__(self) -> None:
        _check_month(self.month, "month")


@dataclass(frozen=True)
class MilestoneState:
    spec: MilestoneSpec
    as_of_month: int
    target: Value
    actual: Value
    rate: Value  # actual as a percentage of the target, 2 places
    met: bool | None  # None when there is no target to measure against, or no actual
    required: Value  # whole units needed to meet the threshold
    gap: Value  # still to do; never negative
    months_left: int  # full months between the end of as_of_month and the due date
    pace_needed: Value  # whole units per month to close the gap in time
    forecast: Value  # linear projection of the figure at the due month
    forecast_met: bool | None

    def gap_message(self) -> tuple[str, dict[str, str]] | None:
        """The gap's message template and values (for an interface in another language);
        None when the milestone does not apply."""
        if self.met is None:
            return None
        if self.met:
            return GAP_MET, {}
        if self.gap is NA or self.gap <= 0:
            return None
        amount = format_value(self.gap, None, trim=True)
        return GAP_SHORT, {"verb": self.spec.verb, "amount": amount, "measure": self.spec.measure}

    def gap_text(self) -> str:
        """Reads e.g. "还需开工 575 套" or "已完成"; empty when the milestone does not apply."""
        message = self.gap_message()
        return message[0] % message[1] if message else ""


def _ceil(value: Decimal) -> Decimal:
    return value.to_integral_value(rounding=ROUND_CEILING)


def _reaches(value: Value, target: Value, threshold: Decimal) -> bool | None:
    # Cross-multiplied so the comparison is exact: no percentage is rounded on the way.
    if value is NA or target is NA or target <= 0:
        return None
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return value * _HUNDRED >= threshold * target


def _required(target: Value, threshold: Decimal) -> Value:
    if target is NA:
        return NA
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return _ceil(target * threshold / _HUNDRED)


def _shortfall(wanted: Value, done: Value) -> Value:
    if wanted is NA or done is NA:
        return NA
    return max(wanted - done, Decimal(0))


def _pace(gap: Value, months_left: int) -> Value:
    if gap is NA:
        return NA
    if gap == 0:
        return Decimal(0)
    if months_left == 0:
        return NA
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return _ceil(gap / months_left)


def _least_squares_at(points: Mapping[int, Decimal], month: int) -> Decimal:
    # Ordinary least squares with the year's zero start as a point; with months 0 and >= 1
    # present the x values always differ, so the denominator is never zero.
    xs = [Decimal(0), *(Decimal(m) for m in points)]
    ys = [Decimal(0), *points.values()]
    n = Decimal(len(xs))
    with localcontext() as ctx:
        ctx.prec = PRECISION
        sum_x, sum_y = sum(xs), sum(ys)
        sum_xx = sum(x * x for x in xs)
        sum_xy = sum(x * y for x, y in zip(xs, ys, strict=True))
        slope = (n * sum_xy - sum_x * sum_y) / (n * sum_xx - sum_x * sum_x)
        intercept = (sum_y - slope * sum_x) / n
        return intercept + slope * month


def _forecast(observed: Mapping[int, Decimal], due_month: int, as_of_month: int) -> Value:
    if not observed:
        return NA
    if due_month <= as_of_month:
        # The due month has been reported: its figure is the outcome, not a projection.
        reported = [month for month in observed if month <= due_month]
        return observed[max(reported)] if reported else NA
    latest = observed[max(observed)]
    projected = round_half_up(_least_squares_at(observed, due_month), 0)
    # Year-to-date figures do not fall, so a projection below what is reported is meaningless.
    return max(projected, latest)


def evaluate_milestone(
    spec: MilestoneSpec,
    *,
    target: Value,
    history: Sequence[Observation],
    as_of_month: int,
) -> MilestoneState:
    """Where a unit stands against a milestone at the end of ``as_of_month``."""
    _check_month(as_of_month, "as_of_month")
    observed = {obs.month: obs.value for obs in history if obs.month <= as_of_month}
    actual: Value = observed.get(as_of_month, NA)
    required = _required(target, spec.threshold)
    gap = _shortfall(required, actual)
    months_left = max(spec.due.month - as_of_month, 0)
    rate = divide(actual, target, _HUNDRED)
    forecast = _forecast(observed, spec.due.month, as_of_month)
    return MilestoneState(
        spec=spec,
        as_of_month=as_of_month,
        target=target,
        actual=actual,
        rate=NA if rate is NA else round_half_up(rate, 2),
        met=_reaches(actual, target, spec.threshold),
        required=required,
        gap=gap,
        months_left=months_left,
        pace_needed=_pace(gap, months_left),
        forecast=forecast,
        forecast_met=_reaches(forecast, target, spec.threshold),
    )


def milestone_concerns(target: Value) -> bool:
    """A milestone concerns a unit only when a task was handed down to it: a unit with no
    target, or a target of nought, is neither behind nor ahead and is left out."""
    return target is not NA and target > 0


def next_milestone(specs: Sequence[MilestoneSpec], as_of: datetime.date) -> MilestoneSpec | None:
    """The earliest milestone not yet due on ``as_of`` (the first listed among equals)."""
    upcoming = [spec for spec in specs if spec.due >= as_of]
    return min(upcoming, key=lambda spec: spec.due, default=None)


@dataclass(frozen=True)
class PlanCheck:
    planned: Value
    actual: Value
    met: bool | None  # None when either figure is missing
    shortfall: Value  # never negative


def check_plan(planned: Value, actual: Value) -> PlanCheck:
    """Compare a month's work target (月工作目标) with what was achieved."""
    met = None if planned is NA or actual is NA else actual >= planned
    return PlanCheck(planned, actual, met, _shortfall(planned, actual))
