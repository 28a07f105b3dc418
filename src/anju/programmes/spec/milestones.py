"""Milestones (a share of a target by a date), the targets handed down to each unit, and the
optional monthly work plans."""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import BeforeValidator, Field

from anju.programmes.spec.base import Spec, fail
from anju.programmes.spec.fields import Day, Number, Slug, Text


def _month(value: object) -> object:
    text = str(value)
    if not text.isdigit() or not 1 <= int(text) <= 12:
        fail("月份应为 1 到 12")
    return int(text)


Month = Annotated[int, Field(ge=1, le=12), BeforeValidator(_month)]
# unit code → element code → value
Targets = dict[str, dict[str, Number]]
# unit code → element code → month → the year-to-date figure planned by the end of it
Plans = dict[str, dict[str, dict[Month, Number]]]


class MilestoneSpec(Spec):
    stored_as: ClassVar[str] = "programmes.Milestone"
    always_written: ClassVar[frozenset[str]] = frozenset({"verb"})

    code: Slug
    label: Text
    target: Text  # the target element
    actual: Text  # the element measured against it
    threshold: Number  # percent of the target
    due: Day
    verb: Text = "完成"  # as in "还需开工 759 套"
    description: Text = ""
