"""What the project register sends and receives: figures as exact decimal strings out, exact
decimals (text or JSON numbers, read exactly) in."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema

from anju.api.schemas import DecimalText

Kind = Literal["pg", "gzf", "wfg", "old", "other"]
Method = Literal["new", "money", "rebuild", "purchase", "lease"]
Status = Literal["planned", "building", "basic", "done"]
Line = Annotated[str, Field(max_length=200, pattern=r"^[^\x00]*$")]
Count = Annotated[int, Field(ge=0, le=10**7)]
Units = Annotated[Decimal, Field(ge=0, le=10**7, decimal_places=0)]
Money = Annotated[Decimal, Field(ge=0, le=10**12, decimal_places=4)]


class ProjectFields(Schema):
    """A project's fields as the register form has them; what is left out stays as it is on
    a change (and empty on registering)."""

    name: Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\x00]*\S[^\x00]*$")]
    kind: Kind
    method: Method
    address: Line = ""
    latitude: Annotated[Decimal, Field(ge=-90, le=90, decimal_places=6)] | None = None
    longitude: Annotated[Decimal, Field(ge=-180, le=180, decimal_places=6)] | None = None
    task_year: Annotated[int, Field(ge=2000, le=2100)]
    planned_units: Count = 0
    area: Annotated[Decimal, Field(ge=0, le=10**12, decimal_places=2)] | None = None
    investment: Money | None = None
    builder: Line = ""
    started_on: datetime.date | None = None
    basic_on: datetime.date | None = None
    completed_on: datetime.date | None = None
    status: Status = "planned"
    completion_year: Annotated[int, Field(ge=1949, le=2100)] | None = None
    flats: Count | None = None
    allocated: Count | None = None
    occupied: Count | None = None


class ProjectCreateIn(ProjectFields):
    code: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


class ProjectUpdateIn(ProjectFields):
    version: int | None = Field(
        None, ge=1, le=2**31 - 1, description="if given, refused (422) when the project changed"
    )


class ProjectMonthIn(Schema):
    """This month's flows (本期) and 形象进度; the year to date is derived."""

    started: Units = Decimal(0)
    basic: Units = Decimal(0)
    completed: Units = Decimal(0)
    invested: Money = Decimal(0)
    node: Line = ""


class Flows(Schema):
    started: DecimalText
    basic: DecimalText
    completed: DecimalText
    invested: DecimalText


class ProjectOut(Schema):
    code: str
    name: str
    kind: str
    method: str
    address: str
    latitude: DecimalText | None
    longitude: DecimalText | None
    task_year: int
    planned_units: int
    area: DecimalText | None
    investment: DecimalText | None
    builder: str
    started_on: datetime.date | None
    basic_on: datetime.date | None
    completed_on: datetime.date | None
    status: str
    completion_year: int | None
    flats: int | None
    allocated: int | None
    occupied: int | None
    version: int
    month: Flows  # this month (本期)
    to_date: Flows  # the year to date (本期末 = 上期末 + 本期)
    node: str  # 形象进度


class ReconciliationOut(Schema):
    element: str
    name: str
    reported: DecimalText | None  # null when the unit reports no figure of its own
    summed: DecimalText | None  # Σ projects; null when no project counts for the figure
    derived: bool  # the report's figure is Σ projects
    gap: DecimalText | None


class ProjectsOut(Schema):
    unit: str
    period: str
    editable: bool  # the caller may enter this month's progress now
    projects: list[ProjectOut]
    reconciliation: list[ReconciliationOut]


class GapOut(Schema):
    unit: str
    name: str
    element: str
    reported: DecimalText
    summed: DecimalText
    gap: DecimalText
    explained: bool
    note: str
    status: str


class GapsOut(Schema):
    scope: str
    period: str
    gaps: list[GapOut]


class PhotoOut(Schema):
    id: int
    filename: str
    sha256: str
    kind: Literal["jpeg", "png", "webp"]
    size: int  # bytes
    width: int  # pixels, once turned upright
    height: int
    taken_at: datetime.datetime | None  # from the photo's EXIF; null when it says nothing
    latitude: DecimalText | None  # from its EXIF GPS, decimal degrees
    longitude: DecimalText | None
    uploaded_by: str
    uploaded_at: datetime.datetime
    url: str  # the photo as uploaded (a signed-in reader of the unit's report)
    thumbnail_url: str  # a JPEG at most 320 px on its longer side


class PhotosOut(Schema):
    unit: str
    period: str
    project: str
    editable: bool  # the caller may add and remove this month's photos now
    photos: list[PhotoOut]
