"""What goes over the wire. Every figure is an exact decimal string ("712.62"), never a
float; a figure that cannot be computed (no target, division by zero) is null."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from anju.periodkey import PERIOD_REGEX

# Plain positional notation, as the engine prints figures: "712.62", "1241", "-55".
DecimalText = Annotated[
    str, Field(pattern=r"^-?[0-9]+(\.[0-9]+)?$", examples=["712.62"], description="exact decimal")
]
PERIOD_PATTERN = f"^{PERIOD_REGEX}$"  # YYYY-MM, the one shape every part of anju accepts
PeriodKey = Annotated[str, Field(pattern=PERIOD_PATTERN, examples=["2017-06"])]
Format = Literal["docx", "pdf", "xlsx", "html"]
# Free text stored as entered; NUL is the one character a database text column refuses.
Text = Annotated[str, Field(pattern=r"^[^\x00]*$")]


def _entered_figure(value: object) -> object:
    """A figure as sent: text, an integer or a decimal (JSON numbers arrive as Decimal), or
    null. Whether it is a valid figure is the reporting checks' business, which name the
    figure and say what is expected; only other JSON types (true, lists, objects) stop here."""
    if value is None or isinstance(value, str | Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise PydanticCustomError("figure_type", '应为数字或文本，例如 1241 或 "712.62"')


# One validator rather than a union, so a wrong type gives one message per figure.
EnteredFigure = Annotated[
    object,
    PlainValidator(_entered_figure),
    WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string"}, {"type": "null"}]}),
]


class Message(Schema):
    """A refusal: not authenticated (401), forbidden (403), not found (404), unreadable (400)."""

    detail: str


class Problems(Schema):
    """Input that cannot be accepted (422): every problem, and each one by field."""

    detail: list[str]
    fields: dict[str, str]


# --- units and programmes ----------------------------------------------------------------------


class UnitRef(Schema):
    code: str
    name: str


class Permissions(Schema):
    """What the caller may do at this unit, as the permission policy answers."""

    read_report: bool
    write_report: bool
    view_scope: bool
    review: bool
    manage: bool


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    kind_label: str
    depth: int
    parent: UnitRef | None
    ancestors: list[UnitRef]  # from the top of the tree down to the parent
    has_children: bool
    permissions: Permissions


class ChildOut(Schema):
    code: str
    name: str
    kind: str
    kind_label: str
    has_children: bool


class PeriodOut(Schema):
    period: PeriodKey
    programme: str  # its code: GET /programmes/{code}
    year: int
    month: int
    status: str
    status_label: str
    due_date: datetime.date | None


# --- reports -----------------------------------------------------------------------------------


class ReportOut(Schema):
    unit: UnitRef
    period: PeriodKey
    started: bool  # false: nobody has entered anything yet (the report is not stored)
    status: str
    status_label: str
    version: int  # send it back with a change; a stale version is refused with 409
    # A figure not entered is absent; one entered in 万 (its element's entered_in) is in 万.
    figures: dict[str, DecimalText]
    unpublished: list[str]  # figures marked not published (暂未公布), by code
    as_of: datetime.date | None  # the date the figures run to, when before the month's end
    note: str
    review_comment: str
    submitted_at: datetime.datetime | None
    reviewed_at: datetime.datetime | None
    editable: bool  # the caller may change the figures now
    # The workflow steps the caller may take now (submit, approve, return, unlock): the
    # buttons the report page shows.
    actions: list[str]


class ReportIn(Schema):
    version: int = Field(ge=1, le=2**31 - 1, description="the version the figures were read at")
    # Text or a JSON number (read exactly, as a decimal); null or "" clears a figure.
    figures: dict[str, EnteredFigure] = Field(
        default_factory=dict, examples=[{"pg_started": "1300", "invest": 712.62}]
    )
    comment: Text = Field("", description="why, kept in the audit trail")
    unpublished: list[Text] | None = Field(
        None,
        description="the codes of figures not published (暂未公布): the whole list, replacing "
        "the report's; left out, unchanged",
        examples=[["invest"]],
    )
    as_of: datetime.date | None = Field(
        None,
        description="the date the figures run to when before the month's end (a late report); "
        "null clears it; left out, unchanged",
    )


class SubmitIn(Schema):
    note: Text = Field("", description="填报说明: explains every warning")
    version: int | None = Field(
        None, ge=1, le=2**31 - 1, description="if given, refused (409) when it is stale"
    )


class Conflict(Schema):
    """The report changed since the caller read it (409): nothing was stored."""

    detail: str
    current: ReportOut


# --- computed tables, indicators, milestones ----------------------------------------------------


class CellOut(Schema):
    text: str  # as printed, e.g. "62.05%"
    value: DecimalText | None  # the figure shown, as rounded for display


class RowOut(Schema):
    unit_code: str | None  # null on the total row
    unit: str
    rank: int | None
    cells: dict[str, CellOut]


class HeadOut(Schema):
    key: str
    header: str
    group: str | None
    kind: str


class AttachmentOut(Schema):
    number: int
    title: str
    unit_line: str
    period_line: str
    columns: list[HeadOut]
    rows: list[RowOut]
    total: RowOut | None
    footnotes: list[str]
    rank_column_empty: bool


class TablesOut(Schema):
    scope: UnitRef
    programme: str
    period: PeriodKey
    attachments: list[AttachmentOut]


class UnitFigures(Schema):
    code: str
    name: str
    figures: dict[str, DecimalText]  # reported figures and targets, summed over the subtree
    indicators: dict[str, DecimalText | None]  # every indicator, rounded at its places
    ranks: dict[str, int | None]  # table code → rank; null when not ranked in that table
    # Figures not published (暂未公布) and the indicators computed from them: absent from
    # ``figures``, null in ``indicators``, and named here.
    unpublished: list[str]
    as_of: str  # the date the figures run to when before the month's end ("5月31日"), or ""


class TotalFigures(Schema):
    figures: dict[str, DecimalText]
    indicators: dict[str, DecimalText | None]  # computed from the totals, never averaged


class IndicatorsOut(Schema):
    scope: UnitRef
    programme: str  # its name, as in the tables
    period: PeriodKey
    units: list[UnitFigures]
    total: TotalFigures


class StateOut(Schema):
    target: DecimalText | None
    actual: DecimalText | None
    rate: DecimalText | None  # actual as a percentage of the target, 2 places
    met: bool | None  # null: no target to measure against, or no figure
    required: DecimalText | None  # whole units needed to meet the threshold
    gap: DecimalText | None  # still to do; never negative
    gap_text: str  # e.g. "还需开工 759 套"
    months_left: int
    pace_needed: DecimalText | None  # whole units a month to close the gap in time
    forecast: DecimalText | None  # linear projection at the due month
    forecast_met: bool | None


class UnitState(Schema):
    code: str
    name: str
    # A milestone concerns a unit only when a task was handed down to it (a target above
    # nought); the others are listed, with no state, as the dashboard leaves them out.
    concerned: bool
    state: StateOut | None


class MilestoneStates(Schema):
    code: str
    label: str
    threshold: DecimalText
    due: datetime.date
    verb: str
    measure: str
    target_element: str
    actual_element: str
    units: list[UnitState]


class MilestonesOut(Schema):
    scope: UnitRef
    programme: str  # its name, as in the tables
    period: PeriodKey
    as_of_month: int
    milestones: list[MilestoneStates]


# --- bulletins ---------------------------------------------------------------------------------


class FileLink(Schema):
    format: Format
    sha256: str
    url: str


class BulletinOut(Schema):
    period: PeriodKey
    number: int | None
    document_number: str  # e.g. 迪庆安居办〔2017〕12号
    date: datetime.date | None
    issued_at: datetime.datetime | None
    issued_by: str | None
    files: list[FileLink]


class GenerateIn(Schema):
    format: Format = "html"
    # For a draft only: how the header will read once issued with this number and date.
    number: int | None = Field(None, ge=1, le=1_000_000)
    date: datetime.date | None = None


# --- the month: open and close, review, issue and correct ----------------------------------------


class PeriodOpenIn(Schema):
    due_date: datetime.date | None = Field(None, description="报送截止日期; kept if omitted")


class ReviewIn(Schema):
    comment: Text = Field("", max_length=2000, description="审核意见, seen by the reporter")


class ReturnIn(Schema):
    comment: Text = Field(
        ..., max_length=2000, description="what the reporter must change (required)"
    )


class UnlockIn(Schema):
    reason: Text = Field(..., max_length=2000, description="why the report is reopened (kept)")


class IssueIn(Schema):
    number: int = Field(..., ge=1, le=1_000_000, description="文号序号 in the year of ``date``")
    date: datetime.date = Field(..., description="成文日期")
    unreviewed_ok: bool = Field(
        False, description="issue although some units' reports are not reviewed (left out)"
    )


class CorrectIn(Schema):
    number: int = Field(..., ge=1, le=1_000_000, description="the 更正通报's own 文号序号")
    date: datetime.date = Field(..., description="its 成文日期")
    note: Text = Field("", max_length=2000, description="更正说明, printed in the correction")


class ChangeOut(Schema):
    """A figure behind an issued bulletin that differs now from the one it was issued with."""

    unit: UnitRef
    figure: str  # its code
    figure_name: str
    issued: DecimalText | None  # null: not in the bulletin
    now: DecimalText | None  # null: not reviewed now (unlocked, not yet approved again)
    unlock_reasons: list[str]  # the reasons of the unlocks behind the change


class CorrectionOut(Schema):
    number: int
    document_number: str  # e.g. 迪庆安居办〔2017〕13号
    corrects: str  # the original's 文号
    date: datetime.date
    note: str
    issued_at: datetime.datetime


class IssuedBulletinOut(Schema):
    """The month's bulletin as issued: its tables are those it was issued with."""

    scope: UnitRef
    period: PeriodKey
    number: int
    document_number: str
    date: datetime.date
    issued_at: datetime.datetime
    title: str
    attachments: list[AttachmentOut]
    changes_since_issue: list[ChangeOut]  # since the newest correction, once corrected
    corrections: list[CorrectionOut]
