"""Figures entered in 万 or 亿 (a data element's ``entered_in``), stored exactly in its measure.

A ministry bulletin prints 1.39万套; an element with ``entered_in: 万`` takes 1.39 as 13900
套, exactly (a decimal shift, never a float), in the figures file, on the entry page, through
the API and in the programme's targets; and shows stored figures back the same way (13900 →
1.39). A figure so entered is known to the digits written and no further: it is kept as that
exact number, and whatever is computed from it is rounded at its own places as usual.
"""

from __future__ import annotations

from decimal import Decimal

from anju.engine.totals import SCALES
from anju.engine.values import format_value

__all__ = ["entered_measure", "entered_places", "entered_text", "from_entered", "to_entered"]


def _shift(entered_in: str | None) -> int:
    return SCALES.get(entered_in or "", 0)


def entered_places(places: int, entered_in: str | None) -> int:
    """Decimals allowed as entered: 1.3950万 is 13950, a whole number of 套."""
    return places + _shift(entered_in)


def from_entered(figure: Decimal, entered_in: str | None) -> Decimal:
    """The stored figure of one as entered (1.39 万 → 13900)."""
    shift = _shift(entered_in)
    return figure.scaleb(shift) if shift else figure


def to_entered(figure: Decimal, entered_in: str | None) -> Decimal:
    """A stored figure as it is entered (13900 → 1.39 万), without trailing zeros."""
    shift = _shift(entered_in)
    if not shift:
        return figure
    shown = figure.scaleb(-shift).normalize()
    return shown.quantize(Decimal(1)) if shown == shown.to_integral_value() else shown


def entered_text(figure: Decimal, places: int, entered_in: str | None) -> str:
    """The text an entry field shows for a stored figure."""
    if not _shift(entered_in):
        return format_value(figure, places)
    return format_value(to_entered(figure, entered_in), None)


def entered_measure(measure: str, entered_in: str | None) -> str:
    """The unit figures are entered in: 万套 for 套 in 万, 亿元 for 万元 in 万."""
    if not entered_in:
        return measure
    if entered_in == "万" and measure.startswith("万"):
        return "亿" + measure[1:]
    return entered_in + measure
