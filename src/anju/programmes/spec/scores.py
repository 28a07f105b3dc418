"""Composite scores (综合考评) in the programme file: a weighted sum of parts, each scoring a
figure against its target by a rule (engine.scores says how each rule scores)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, model_validator

from anju.engine.scores import NO_TARGET, RULES
from anju.programmes.spec.base import Loc, Spec, fail, refuse
from anju.programmes.spec.fields import Code, Number, Places6, Text, one_of, one_of_schema

Rule = Annotated[str, one_of(RULES), one_of_schema(RULES)]
NoTarget = Annotated[str, one_of(NO_TARGET), one_of_schema(NO_TARGET)]
# Options that mean something for some rules only (elsewhere refused: they would do nothing).
RULE_OPTIONS: dict[str, tuple[str, ...]] = {
    "full_at": ("proportional", "threshold"),
    "floor": ("proportional",),
    "bands": ("bands",),
}

# The keys holding figures (stored as text in JSON, exact).
SCORE_FIGURES = frozenset({"points", "full_at", "floor", "at_least"})


def _positive(value: Decimal) -> Decimal:
    if value <= 0:
        fail("应为大于 0 的数")
    return value


Positive = Annotated[Number, AfterValidator(_positive)]


def _some(items: list[PartSpec]) -> list[PartSpec]:
    if not items:
        fail("至少需要一项")
    return items


class BandSpec(Spec):
    """A band of a part scored by bands: at a rate of at least ``at_least`` %, ``points``."""

    at_least: Number
    points: Number


class PartSpec(Spec):
    code: Code  # the part's score, shown and ranked like an indicator
    name: Text
    actual: Code  # the figure scored (an element or indicator)
    target: Code  # what it is scored against
    points: Positive  # the part's weight: its full marks
    rule: Rule = "proportional"
    full_at: Positive | None = None  # the rate (%) that earns full marks; default 100
    floor: Number | None = None  # proportional: a rate below it scores 0
    bands: list[BandSpec] = []
    no_target: NoTarget = "full"  # a unit without a target: full marks, zero, or none

    @model_validator(mode="after")
    def _options_of_the_rule(self) -> PartSpec:
        problems: list[tuple[Loc, str]] = []
        for key, rules in RULE_OPTIONS.items():
            if getattr(self, key) not in (None, []) and self.rule not in rules:
                where = "、".join(f"rule: {rule}" for rule in rules)
                problems.append(
                    ((key,), f"“{key}”只对 {where} 起作用，在 rule: {self.rule} 中不起作用；请删去")
                )
        if self.rule == "bands" and not self.bands:
            problems.append((("bands",), "rule: bands 须列出各档（at_least 和 points）"))
        for index, band in enumerate(self.bands):
            if band.points > self.points:
                problems.append((("bands", index, "points"), f"不能超过本项分值 {self.points:f}"))
        refuse("PartSpec", problems)
        return self


class ScoreSpec(Spec):
    code: Code  # the total score
    name: Text
    places: Places6 = 2  # each part and the total, half-up
    parts: Annotated[list[PartSpec], AfterValidator(_some)]
