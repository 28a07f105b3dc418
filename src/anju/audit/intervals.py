"""Printed figures as the intervals their digits allow, and arithmetic on those intervals.

A bulletin prints 24.4 for anything in [24.35, 24.45]; a derived figure is wrong only when no
choice of its inputs within their intervals can give a value its own printed interval allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Interval:
    lo: Decimal
    hi: Decimal

    @classmethod
    def exact(cls, value: Decimal) -> Interval:
        return cls(value, value)

    @property
    def is_exact(self) -> bool:
        return self.lo == self.hi

    @property
    def mid(self) -> Decimal:
        return (self.lo + self.hi) / 2

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def scaled(self, factor: Decimal) -> Interval:
        ends = sorted((self.lo * factor, self.hi * factor))
        return Interval(ends[0], ends[1])

    def meets(self, other: Interval) -> bool:
        """Whether the two intervals share a point (ends included)."""
        return self.lo <= other.hi and other.lo <= self.hi

    def contains(self, value: Decimal) -> bool:
        return self.lo <= value <= self.hi


def ratio(numerator: Interval, denominator: Interval, scale: Decimal = HUNDRED) -> Interval | None:
    """``numerator / denominator × scale`` over every choice of the inputs; None when the
    denominator may be zero (no rate is then derivable)."""
    if denominator.lo <= 0 <= denominator.hi:
        return None
    with localcontext() as ctx:
        ctx.prec = 40
        ends = [
            n / d * scale
            for n in (numerator.lo, numerator.hi)
            for d in (denominator.lo, denominator.hi)
        ]
    return Interval(min(ends), max(ends))


def total(parts: list[Interval]) -> Interval:
    result = Interval.exact(Decimal(0))
    for part in parts:
        result = result + part
    return result
