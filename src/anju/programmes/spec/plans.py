"""The plans file (``anju: plans/1``): units' monthly goals set by the office, imported with
``anju import`` as a new approved version of each unit's plan (see anju.plans)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator

from anju.programmes.spec.base import Spec, fail
from anju.programmes.spec.fields import Text

PLANS_FORMAT = "plans/1"


def _goal(value: object) -> object:
    # The goal's own text goes to the plan checks, which say what a goal must be.
    if not isinstance(value, str):
        fail("应为数字")
    return value


GoalText = Annotated[str, BeforeValidator(_goal)]


class PlansSpec(Spec):
    programme: Text
    reason: Text = ""  # why the plans are set or changed, kept with each version
    # unit code → element code → month (1–12) → the cumulative goal's text
    plans: dict[str, dict[str, dict[str, GoalText]]]
