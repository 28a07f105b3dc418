"""The monthly plan endpoint's schemas: figures as exact decimal strings by element and month."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from anju.api.schemas import EnteredFigure, Text

# element code → month ("1".."12") → cumulative goal
Goals = dict[str, dict[str, str]]


class PlannedElementOut(Schema):
    code: str
    name: str
    measure: str
    places: int
    cumulative: bool
    target: str | None = Field(description="the unit's annual target it counts toward")


class PlanVersionOut(Schema):
    number: int
    status: str = Field(description="submitted, approved, returned or superseded")
    channel: str = Field(description="form, api or file")
    reason: str
    created_by: str | None
    created_at: datetime.datetime
    reviewed_by: str | None
    reviewed_at: datetime.datetime | None
    review_comment: str
    figures: Goals


class PlanOut(Schema):
    unit: str
    unit_name: str
    programme: str
    year: int
    elements: list[PlannedElementOut]
    in_force: Goals = Field(
        description="the plan in force: the latest approved version, else the programme file's"
    )
    versions: list[PlanVersionOut] = Field(description="every version, the newest first")


class PlanIn(Schema):
    # Text or a JSON number (read exactly); null or "" leaves a month without a goal.
    figures: dict[str, dict[str, EnteredFigure]] = Field(
        examples=[{"pg_started": {"3": 30, "6": "150", "12": 250}}]
    )
    reason: Text = Field("", description="why the plan is set or changed; required above target")
