"""Display rules of a value column: words for a condition (≥ 100% printed as 全部开工) and the
text of a cell with no figure ("—" for not applicable).

The figure is still what ranks and totals use; only its printed text changes. A condition is
tested on the figure before it is rounded for print (an indicator at its own precision), so a
rate of 99.996% is not 全部开工 even where two places would print 100.00.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from anju.engine.values import NA, Value

__all__ = ["TextIf", "displayed"]


@dataclass(frozen=True)
class TextIf:
    """Print ``text`` instead of the figure when it is at least ``at_least`` and/or below
    ``below``."""

    text: str
    at_least: Decimal | None = None
    below: Decimal | None = None

    def __post_init__(self) -> None:
        if self.at_least is None and self.below is None:
            raise ValueError("a display condition needs at_least or below")

    def matches(self, value: Decimal) -> bool:
        if self.at_least is not None and value < self.at_least:
            return False
        return self.below is None or value < self.below


def displayed(
    text: str, figure: Value, shown: Decimal | None, rules: Sequence[TextIf], blank: str
) -> tuple[str, Decimal | None]:
    """The cell's text and figure: the first rule the figure meets gives words (and no
    figure, so a workbook writes words too); no figure prints ``blank``."""
    if figure is NA:
        return blank, None
    for rule in rules:
        if rule.matches(figure):
            return rule.text, None
    return text, shown
