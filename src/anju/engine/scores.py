"""Composite scores (综合考评): a weighted sum of parts, each scoring a figure against its target.

A part is worth ``points`` (its weight: "完成投资 15分") and scores the rate of completion,
actual ÷ target × 100, by one of three rules:

- ``proportional``: points × rate ÷ ``full_at`` (default 100), capped at the points; below an
  optional ``floor`` (a rate) the part scores 0;
- ``threshold``: the full points at a rate of at least ``full_at``, else 0;
- ``bands``: the points of the first band whose ``at_least`` the rate reaches, else 0.

A unit without a target for a part (none handed down, or zero) scores by ``no_target``:
``full`` (the default: 无该项任务的按满分计), ``zero``, or ``none`` (no score: the unit's total
has no figure and it is not ranked). A unit that has a target but reported no figure has no
score for the part either (a missing figure is never read as 0).

Each part is rounded half-up at the score's places and the total is the sum of the parts as
rounded, so a printed total always equals the sum of the printed parts. Parts and total are
indicators to the rest of the engine: tables show and rank them, prose lists them, and a total
row scores the sums.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final, Literal, TypeAlias

from anju.engine.formula import IndicatorSpec
from anju.engine.values import NA, Value, divide, round_half_up

__all__ = [
    "NO_TARGET",
    "RULES",
    "ScoreBand",
    "ScorePart",
    "ScoreSpec",
    "score_indicators",
    "score_part",
]

Rule: TypeAlias = Literal["proportional", "threshold", "bands"]
NoTarget: TypeAlias = Literal["full", "zero", "none"]
RULES: Final = ("proportional", "threshold", "bands")
NO_TARGET: Final = ("full", "zero", "none")
HUNDRED: Final = Decimal(100)
ZERO: Final = Decimal(0)


@dataclass(frozen=True)
class ScoreBand:
    at_least: Decimal  # a rate of completion, in %
    points: Decimal


@dataclass(frozen=True)
class ScorePart:
    code: str
    actual: str  # the figure scored (an element or indicator code)
    target: str  # what it is scored against
    points: Decimal
    rule: Rule = "proportional"
    full_at: Decimal = HUNDRED  # the rate that earns full marks
    floor: Decimal | None = None  # proportional: a rate below it scores 0
    bands: tuple[ScoreBand, ...] = ()
    no_target: NoTarget = "full"

    def __post_init__(self) -> None:
        if self.points <= 0 or self.full_at <= 0:
            raise ValueError(f"score part {self.code!r}: points and full_at must be positive")
        if self.rule == "bands" and not self.bands:
            raise ValueError(f"score part {self.code!r}: the bands rule needs bands")


@dataclass(frozen=True)
class ScoreSpec:
    code: str
    parts: tuple[ScorePart, ...]
    places: int = 2


def _without_target(part: ScorePart) -> Value:
    if part.no_target == "full":
        return part.points
    return ZERO if part.no_target == "zero" else NA


def _scored(part: ScorePart, rate: Decimal) -> Value:
    if part.rule == "threshold":
        return part.points if rate >= part.full_at else ZERO
    if part.rule == "bands":
        return next((band.points for band in part.bands if rate >= band.at_least), ZERO)
    if part.floor is not None and rate < part.floor:
        return ZERO
    return divide(part.points * min(rate, part.full_at), part.full_at)


def score_part(part: ScorePart, values: Mapping[str, Value]) -> Value:
    """The part's score, unrounded: NA when the unit has a target but no figure."""
    target = values.get(part.target, NA)
    if target is NA or target <= 0:
        return _without_target(part)
    actual = values.get(part.actual, NA)
    if actual is NA:
        return NA
    rate = divide(actual * HUNDRED, target)
    return NA if rate is NA else _scored(part, rate)


@dataclass(frozen=True)
class _PartScore:
    part: ScorePart

    @property
    def names(self) -> frozenset[str]:
        return frozenset((self.part.actual, self.part.target))

    def position_of(self, name: str) -> int:
        return -1

    def evaluate(self, values: Mapping[str, Value]) -> Value:
        return score_part(self.part, values)


@dataclass(frozen=True)
class _TotalScore:
    parts: tuple[ScorePart, ...]
    places: int

    @property
    def names(self) -> frozenset[str]:
        return frozenset(code for part in self.parts for code in (part.actual, part.target))

    def position_of(self, name: str) -> int:
        return -1

    def evaluate(self, values: Mapping[str, Value]) -> Value:
        total = ZERO
        for part in self.parts:
            score = score_part(part, values)
            if score is NA:
                return NA
            total += round_half_up(score, self.places)
        return total


def score_indicators(scores: Sequence[ScoreSpec]) -> tuple[IndicatorSpec, ...]:
    """Each part's score and each total, as indicators at the score's places."""
    specs: list[IndicatorSpec] = []
    for score in scores:
        specs += [IndicatorSpec(part.code, _PartScore(part), score.places) for part in score.parts]
        specs.append(
            IndicatorSpec(score.code, _TotalScore(score.parts, score.places), score.places)
        )
    return tuple(specs)
