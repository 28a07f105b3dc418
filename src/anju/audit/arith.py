"""Why a printed figure differs from what its inputs give: the likely cause, and how to say so."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from anju.audit.intervals import Interval
from anju.engine.values import round_half_up

TRUNCATION = "truncation"
ROUNDING = "rounding"
TRANSPOSED = "transposed-digits"
DENOMINATOR = "other-denominator"
SUB_TARGET = "unstated-denominator"
TYPO = "typo-in-denominator"
MISMATCH = "mismatch"
ROWS_MISSING = "rows-missing"
ROW_LEFT_OUT = "row-left-out"
PRECISION = "inconsistent-precision"
ORDER_KEY = "order-key"


def plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def at_places(value: Decimal, places: int) -> str:
    return format(round_half_up(value, places), "f")


def shown(interval: Interval, places: int) -> str:
    """What the inputs give, at the printed precision: one figure or a range."""
    lo, hi = at_places(interval.lo, places), at_places(interval.hi, places)
    return lo if lo == hi else f"{lo}～{hi}"


def truncate(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)


def cause_of(printed: Decimal, exact: Decimal, places: int) -> str:
    """The likely slip behind a printed figure that its exact inputs contradict."""
    if printed == truncate(exact, places):
        return TRUNCATION
    expected = round_half_up(exact, places)
    if abs(printed - expected) == Decimal(1).scaleb(-places):
        return ROUNDING
    digits = sorted(format(printed, "f").replace("-", ""))
    if digits == sorted(at_places(exact, places).replace("-", "")):
        return TRANSPOSED
    return MISMATCH


def one_digit_apart(a: str, b: str) -> bool:
    """A digit dropped, added or mistyped: 1475 and 175, 14750, 1457 are one slip apart."""
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1 or (
            sorted(a) == sorted(b) and a != b
        )
    short, long = sorted((a, b), key=len)
    if len(long) - len(short) != 1:
        return False
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def likely_integer(interval: Interval) -> Decimal | None:
    """The roundest whole number inside an interval (targets are round), else None."""
    lo, hi = interval.lo.to_integral_value(rounding="ROUND_CEILING"), interval.hi
    if lo > hi:
        return None
    for step in (Decimal(1000), Decimal(100), Decimal(50), Decimal(10), Decimal(5)):
        candidate = (lo / step).to_integral_value(rounding="ROUND_CEILING") * step
        if candidate <= hi:
            return candidate
    centre = interval.mid.to_integral_value()
    return centre if interval.contains(centre) else lo
