"""Figures and the explicit "not applicable" marker, with half-up rounding and display.

Every figure is a ``Decimal``. A figure that cannot be computed (missing input, division by
zero) is ``NA`` rather than zero, so a blank cell is never mistaken for a reported nought.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from decimal import (
    ROUND_DOWN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    InvalidOperation,
    localcontext,
)
from typing import Final, TypeAlias

__all__ = [
    "NA",
    "PRECISION",
    "NotApplicable",
    "Value",
    "divide",
    "explain_rounding",
    "format_value",
    "round_half_up",
    "sum_values",
]

# Digits kept while dividing; ample for any bulletin figure, so that rounding happens once,
# at the indicator's precision, and never earlier by accident.
PRECISION: Final = 40
# No figure has this many digits; a value that would print longer can only be a mistake, and
# its plain text may not even fit in memory (1E-999999999 is a billion digits).
MAX_PRINTED_DIGITS: Final = 60
_SHOWN_OF_ABSURD: Final = 7  # significant digits


class NotApplicable(enum.Enum):
    """The single "not applicable" marker: a figure that is absent or cannot be computed."""

    NA = "NA"

    def __repr__(self) -> str:
        return "NA"


NA: Final = NotApplicable.NA

Value: TypeAlias = Decimal | NotApplicable


def _quantum(places: int) -> Decimal:
    if places < 0:
        raise ValueError(f"places must be >= 0, got {places}")
    return Decimal(1).scaleb(-places)


# The precisions figures are shown at, and a context for the rounding of every figure short
# enough for PRECISION digits (all but absurd ones): rounding is most of building a table.
_QUANTA: Final = {places: _quantum(places) for places in range(13)}
_HALF_UP: Final = Context(prec=PRECISION, rounding=ROUND_HALF_UP)


def _context_precision(value: Decimal, places: int) -> int:
    # quantize() fails when the result has more digits than the context allows, so size the
    # context to the value rather than trusting the default of 28 digits.
    return max(PRECISION, value.adjusted() + places + 3)


def round_half_up(value: Decimal, places: int) -> Decimal:
    """Round to ``places`` decimals, ties away from zero (the rule printed bulletins use)."""
    quantum = _QUANTA.get(places)
    if quantum is not None and value.is_finite() and value.adjusted() + places + 3 <= PRECISION:
        return value.quantize(quantum, context=_HALF_UP)
    with localcontext() as ctx:
        ctx.prec = _context_precision(value, places)
        return value.quantize(_quantum(places), rounding=ROUND_HALF_UP)


def _truncate(value: Decimal, places: int) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = _context_precision(value, places)
        return value.quantize(_quantum(places), rounding=ROUND_DOWN)


def divide(numerator: Value, denominator: Value, scale: Decimal = Decimal(1)) -> Value:
    """``numerator / denominator * scale`` unrounded; NA when an input is NA or the divisor is 0."""
    if numerator is NA or denominator is NA or denominator == 0:
        return NA
    with localcontext() as ctx:
        ctx.prec = PRECISION
        # Scaling first keeps the one inexact step, the division, as the last one.
        return numerator * scale / denominator


def sum_values(parts: Iterable[Value]) -> Value:
    """Sum of the parts that are figures; NA only when no part is."""
    present = [part for part in parts if part is not NA]
    if not present:
        return NA
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return sum(present, Decimal(0))


def _plain(value: Decimal) -> str:
    # "f" never switches to exponent notation; abs() of a zero drops a "-0" sign.
    return format(abs(value) if value == 0 else value, "f")


def _strip_zeros(text: str) -> str:
    if "." not in text:
        return text
    return text.rstrip("0").rstrip(".")


def _absurd(value: Decimal, places: int | None) -> bool:
    """Whether printing ``value`` (at ``places``) would need more than MAX_PRINTED_DIGITS."""
    if not value.is_finite():
        return False
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    decimals = max(-exponent, 0) if places is None else places
    return max(value.adjusted(), 0) + decimals > MAX_PRINTED_DIGITS


def _absurd_text(value: Decimal) -> str:
    # Exponent notation is short whatever the exponent; the digits are cut, not rounded.
    sign, digits, _exponent = value.as_tuple()
    shown = "".join(map(str, digits[:_SHOWN_OF_ABSURD]))
    mantissa = shown[0] + ("." + shown[1:] if len(shown) > 1 else "")
    cut = "…" if len(digits) > _SHOWN_OF_ABSURD else ""
    return f"{'-' if sign else ''}{mantissa}{cut}E{value.adjusted():+d}"


def format_value(value: Value, places: int | None, *, trim: bool = False, suffix: str = "") -> str:
    """Text of a figure as printed: half-up at ``places`` (or as is), NA as an empty string.

    A value too long to print (see MAX_PRINTED_DIGITS) is shown in exponent notation rather
    than expanded."""
    if value is NA:
        return ""
    if _absurd(value, places):
        return _absurd_text(value) + suffix
    shown = value if places is None else round_half_up(value, places)
    text = _plain(shown)
    if trim:
        text = _strip_zeros(text)
    return text + suffix


def _approximate(value: Decimal) -> str:
    # Four decimals are enough for a reader to see which way the rounding must go.
    cut = _truncate(value, 4)
    if cut == value:
        return format_value(value, None, trim=True)
    return _plain(cut) + "…"


def _parse_printed(printed: str) -> Decimal | None:
    text = printed.strip().removesuffix("%").strip()
    try:
        parsed = Decimal(text)
    except InvalidOperation:
        return None
    # A printed figure with an absurd exponent would make the rounding below enormous.
    return parsed if parsed.is_finite() and not _absurd(parsed, None) else None


def _decimals_of(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _printed_verdict(printed: str, quotient: Decimal, result: Decimal, places: int) -> str:
    shown = _parse_printed(printed)
    if shown is None:
        return "与计算结果不符"
    if shown == result:
        return "与计算结果一致"
    shown_places = _decimals_of(shown)
    # A different precision is the kinder reading, so it is tried before truncation.
    if shown_places != places and shown == round_half_up(quotient, shown_places):
        return "系保留位数不同所致"
    if shown == _truncate(quotient, shown_places):
        return "系直接截断所致"
    return "与计算结果不符"


def _rounding_phrase(places: int) -> str:
    return "按四舍五入取整" if places == 0 else f"按四舍五入保留{places}位小数"


def _plain_input(value: Decimal) -> str:
    return format_value(value, None, trim=True)


def explain_rounding(
    numerator: Decimal,
    denominator: Decimal,
    places: int,
    *,
    printed: str | None = None,
    scale: Decimal = Decimal(100),
) -> str:
    """One line in Chinese showing how a ratio is computed and rounded, and why a printed
    figure may differ from it."""
    expression = f"{_plain_input(numerator)} ÷ {_plain_input(denominator)}"
    if scale != 1:
        expression += f" × {_plain_input(scale)}"
    quotient = divide(numerator, denominator, scale)
    if quotient is NA:
        return f"{expression}：除数为0，该指标不适用。"
    if _absurd(quotient, max(places, 4)):
        return f"{expression} = {_absurd_text(quotient)}，数值超出合理范围。"
    result = round_half_up(quotient, places)
    line = f"{expression} = {_approximate(quotient)}；{_rounding_phrase(places)}为{_plain(result)}"
    if printed is None:
        return line + "。"
    verdict = _printed_verdict(printed, quotient, result, places)
    return f"{line}；原表印作{printed.strip()}，{verdict}。"
