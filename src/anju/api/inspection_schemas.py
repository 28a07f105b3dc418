"""What the inspection endpoints send and receive."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from anju.api.project_schemas import PhotoOut

Line = Annotated[str, Field(max_length=200, pattern=r"^[^\x00]*$")]
Name = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\x00]*\S[^\x00]*$")]
Text = Annotated[str, Field(max_length=2000, pattern=r"^[^\x00]*$")]
Needed = Annotated[str, Field(min_length=1, max_length=2000, pattern=r"^[^\x00]*\S[^\x00]*$")]
Code = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[^\x00-\x1f\x7f]+$")]
Severity = Literal["general", "serious", "grave"]
Status = Literal["open", "rectifying", "verified", "closed", "carried"]


class RoundIn(Schema):
    programme: Code
    name: Name
    starts_on: datetime.date
    ends_on: datetime.date


class VisitIn(Schema):
    unit: Code
    project: Code | None = None
    visited_on: datetime.date
    with_me: bool = Field(True, description="the caller is one of the inspectors")
    inspector_names: Line = ""


class FindingIn(Schema):
    visit: Annotated[int, Field(ge=1, le=2**31 - 1)]
    unit: Code | None = Field(None, description="responsible unit; the visited unit if left out")
    what: Needed
    requirement: Needed
    severity: Severity
    deadline: datetime.date
    carried_from: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = None


class RectificationIn(Schema):
    measures: Needed
    evidence: Text = ""


class VerdictIn(Schema):
    rectification: Annotated[int, Field(ge=1, le=2**31 - 1)]
    verdict: Literal["accepted", "rejected"]
    reason: Text = ""


class EscalationIn(Schema):
    kind: Literal["interview", "account"]
    authority: Line = ""
    note: Text = ""


class FindingOut(Schema):
    id: int
    round: int
    round_name: str
    unit: str
    unit_name: str
    what: str
    requirement: str
    severity: Severity
    deadline: datetime.date
    status: Status
    status_name: str
    overdue: bool
    carried_from: int | None
    verified_on: datetime.date | None
    closed_on: datetime.date | None


class RoundOut(Schema):
    id: int
    programme: str
    scope: str
    name: str
    starts_on: datetime.date
    ends_on: datetime.date


class UnitFindingsOut(Schema):
    unit: str
    findings: list[FindingOut]
    rounds: list[RoundOut]


class VisitOut(Schema):
    id: int
    unit: str
    project: str | None
    visited_on: datetime.date
    inspectors: list[str]


class RoundDetailOut(RoundOut):
    visits: list[VisitOut]
    findings: list[FindingOut]


class RectificationOut(Schema):
    id: int
    measures: str
    evidence: str
    submitted_on: datetime.date
    submitted_by: str | None
    verdict: Literal["pending", "accepted", "rejected"]
    reason: str
    decided_on: datetime.date | None


class EscalationOut(Schema):
    kind: Literal["interview", "account"]
    decided_on: datetime.date
    authority: str
    note: str


class ChangeOut(Schema):
    at: datetime.datetime
    user: str | None
    subject: str
    field: str
    old: str
    new: str


class FindingDetailOut(FindingOut):
    rectifications: list[RectificationOut]
    escalations: list[EscalationOut]
    history: list[ChangeOut]


class RectificationPhotosOut(Schema):
    rectification: int
    editable: bool  # the caller may add and remove this rectification's photos now
    photos: list[PhotoOut]


class FindingPhotosOut(Schema):
    finding: int
    editable: bool  # the caller may add and remove the finding's photos now
    photos: list[PhotoOut]
    rectifications: list[RectificationPhotosOut]
