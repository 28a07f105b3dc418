"""Change over time: a figure against the previous month's ("与上月相比新增开工128套"), and a
rate's change in 百分点.

The previous month's raw figures travel with a unit's figures as data, under
``previous.CODE`` (the reporting layer reads them from the stored months: the previous
period's published figures, never entered again); ``change.CODE`` is then this month's figure
less the previous month's, for a data element or an indicator alike. An indicator's previous
value is computed from the previous month's raw figures by the same formula and rounded at its
places, and both sides are rounded before the difference, so the change printed is the
difference of the two figures printed ("61.58% − 58.20% = 3.38 个百分点").

Totals need nothing special: ``previous.CODE`` sums over units like any figure, and the change
of a total is the total's figure less the total of the previous month.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import localcontext

from anju.engine.formula import IndicatorSpec, evaluate_indicators
from anju.engine.values import NA, PRECISION, Value

__all__ = [
    "CHANGE",
    "PREVIOUS",
    "change_base",
    "change_values",
    "is_change",
    "subtract",
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
