"""Change over time: a figure against the previous month's ("与上月相比新增开工128套"), and a
rate's change in 百分点.

The previous month's raw figures travel with a unit's figures as data, under
``previous.CODE`` (the reporting layer reads them from the stored months: the previous
period's published figures, never entered again); ``change.CODE`` is then this month's figure
less the previous month's, for a data element or an indicator alike. An indicator's previous
value is computed from the previous month's raw figures by the same formula and rounded at its
places, and both sides are rounded before the difference, so the change printed is the
difference of the two figures printed ("61.58% − 58.20% = 3.38 个百分点").

A total's change is taken over the units that have both months: ``previous.CODE`` sums over
units like any figure, but a unit without last month's figures would count as all new, so
when some lack them the total's change is this month's sum less last month's over the others
only (``paired_changes``), and a table says so under its total.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import localcontext

from anju.engine.formula import IndicatorSpec, evaluate_indicators
from anju.engine.values import NA, PRECISION, Value, sum_values

__all__ = [
    "CHANGE",
    "PREVIOUS",
    "change_base",
    "change_values",
    "has_previous",
    "is_change",
    "paired_changes",
    "subtract",
    "unpaired_names",
    "with_previous",
]

PREVIOUS = "previous."
CHANGE = "change."


def is_change(code: str) -> bool:
    return code.startswith(CHANGE)


def change_base(code: str) -> str:
    """The figure a ``change.CODE`` is the change of (the code itself otherwise)."""
    return code[len(CHANGE) :] if is_change(code) else code


def subtract(now: Value, before: Value) -> Value:
    if now is NA or before is NA:
        return NA
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return now - before


def with_previous(
    values: Mapping[str, Value], previous: Mapping[str, Value] | None
) -> dict[str, Value]:
    """A unit's figures with the previous month's raw figures beside them."""
    if previous is None:
        return dict(values)
    return {**values, **{PREVIOUS + code: value for code, value in previous.items()}}


def change_values(
    indicators: Sequence[IndicatorSpec],
    values: Mapping[str, Value],
    codes: Iterable[str] | None = None,
) -> dict[str, Value]:
    """``change.CODE`` for each code (every figure and indicator when ``codes`` is None) of
    figures carrying their ``previous.`` values; empty when they carry none (a first month,
    or a programme that prints no change)."""
    before: dict[str, Value] = {
        code[len(PREVIOUS) :]: value for code, value in values.items() if code.startswith(PREVIOUS)
    }
    if not before:
        return {}
    before.update(evaluate_indicators(indicators, before))
    if codes is None:
        codes = [code for code in values if "." not in code]
    return {CHANGE + code: subtract(values.get(code, NA), before.get(code, NA)) for code in codes}


def has_previous(values: Mapping[str, Value]) -> bool:
    """Whether a unit's figures carry the previous month's (a unit that reported then)."""
    return any(code.startswith(PREVIOUS) for code in values)


def paired_changes(
    indicators: Sequence[IndicatorSpec],
    units: Sequence[Mapping[str, Value]],
    codes: Iterable[str],
) -> dict[str, Value]:
    """A total's ``change.CODE`` over the units that have both months, when some lack the
    previous month's figures (empty otherwise: the plain difference of the totals is then
    the same). This month's total less last month's would count a unit without last month
    as all new, overstating the change."""
    paired = [values for values in units if has_previous(values)]
    if not paired or len(paired) == len(units):
        return {}
    wanted = set(codes)
    wanted |= {PREVIOUS + code for code in wanted if not code.startswith(PREVIOUS)}
    sums = {code: sum_values(values.get(code, NA) for values in paired) for code in wanted}
    now = {**sums, **evaluate_indicators(indicators, sums)}
    return change_values(indicators, now)


def unpaired_names(units: Sequence[tuple[str, Mapping[str, Value]]]) -> list[str]:
    """The units left out of a total's change for want of last month's figures (none when
    no unit has them: there is no change at all then)."""
    if not any(has_previous(values) for _name, values in units):
        return []
    return [name for name, values in units if not has_previous(values)]
