"""Figures a unit has not published (暂未公布): distinct from a figure absent and from zero.

A unit marks a figure not published; it carries no value, so it is summed as nothing and
ranks as nothing, but it prints as 暂未公布 (or the programme's own words) wherever it or
anything computed from it would stand: a rate of an unpublished figure is unpublished, not
0% and not blank. A total that sums over units some of which published nothing says so in a
note under the table; a total that is stated (a plan handed down) stays as stated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Final, Protocol

from anju.engine.change import change_base
from anju.engine.formula import IndicatorSpec
from anju.engine.values import NA, Value

__all__ = ["UNPUBLISHED_TEXT", "hidden_codes", "is_hidden", "total_note", "total_notes"]

UNPUBLISHED_TEXT: Final = "暂未公布"


def hidden_codes(indicators: Sequence[IndicatorSpec], unpublished: Iterable[str]) -> frozenset[str]:
    """The unpublished figures with every indicator computed from any of them (``indicators``
    in dependency order, so an indicator of an indicator follows)."""
    hidden = set(unpublished)
    if not hidden:
        return frozenset()
    for indicator in indicators:
        if indicator.formula.names & hidden:
            hidden.add(indicator.code)
    return frozenset(hidden)


def is_hidden(code: str | None, hidden: frozenset[str]) -> bool:
    """Whether a column's source (a figure, an indicator or its change) is not published."""
    return bool(hidden) and code is not None and change_base(code) in hidden


def total_note(names: Sequence[str]) -> str:
    """The note under a total summed over units some of which did not publish."""
    return f"合计未含{'、'.join(names)}暂未公布的数据。"


class _Unit(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def unpublished(self) -> frozenset[str]: ...


def total_notes(
    indicators: Sequence[IndicatorSpec],
    units: Sequence[_Unit],
    sources: Iterable[str | None],
    stated: Mapping[str, Value],
) -> tuple[str, ...]:
    """A note when the total row prints a sum (or a rate of sums) over units some of which
    did not publish a figure it needs; a figure the scope states is not a sum and needs none.
    ``sources`` are the codes the total row's value cells print."""
    codes = {change_base(code) for code in sources if code is not None}
    names = [
        unit.name
        for unit in units
        if any(
            is_hidden(code, hidden_codes(indicators, unit.unpublished - _stated(stated)))
            for code in codes
        )
    ]
    return (total_note(names),) if names else ()


def _stated(stated: Mapping[str, Value]) -> frozenset[str]:
    return frozenset(code for code, value in stated.items() if value is not NA)
