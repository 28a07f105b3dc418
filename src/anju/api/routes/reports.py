"""A unit's report for a month: read it, change its figures, submit it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from anju.accounts.policy import can_read_report, can_review, can_write_report
from anju.api import selectors, services
from anju.api.places import caller, find_place
from anju.api.routes.common import READ_ERRORS, WRITE_ERRORS, PeriodKey, UnitCode
from anju.api.schemas import Conflict, ReportIn, ReportOut, ReturnIn, ReviewIn, SubmitIn, UnlockIn
from anju.reporting.services import StaleVersion
from anju.reporting.workflow import report_approve, report_peek, report_return, report_unlock

router = Router(tags=["reports"])

READ_REFUSAL = "无权查看{unit}的报表"
WRITE_REFUSAL = "无权修改{unit}的报表"


def _conflict(request: HttpRequest, error: StaleVersion) -> Status[dict[str, Any]]:
    """409 with the report as it now is, so the client can show what changed and retry."""
    current = report_peek(unit=error.report.unit, period=error.report.period)
    detail = "；".join(error.problems)
    return Status(
        409, {"detail": detail, "current": selectors.report_detail(current, caller(request))}
    )


@router.get(
    "/reports/{unit}/{period}", summary="Read a report", response={200: ReportOut, **READ_ERRORS}
)
def report_get(request: HttpRequest, unit: UnitCode, period: PeriodKey) -> dict[str, Any]:
    """The report's status, version, figures (exact decimal strings), note and review comment.

    A report nobody has started reads as an empty draft at version 1 (``started`` false).
    """
    place = find_place(request, unit, period, can_read_report, READ_REFUSAL)
    report = report_peek(unit=place.unit, period=place.period)
    return selectors.report_detail(report, caller(request))


@router.put(
    "/reports/{unit}/{period}",
    summary="Change a report's figures",
    response={200: ReportOut, 409: Conflict, **WRITE_ERRORS},
)
def report_put(request: HttpRequest, unit: UnitCode, period: PeriodKey, payload: ReportIn) -> Any:
    """Change figures (code → text or number; null or "" clears one), read at ``version``.

    All or nothing: every figure is checked (format, then the programme's rules) and any
    problem refuses the whole change with 422, each message under its figure's code in
    ``fields``. A version older than the report's is refused with 409 and the current report.
    Recorded in the audit trail as an API change with ``comment``.
    """
    place = find_place(request, unit, period, can_write_report, WRITE_REFUSAL)
    try:
        report = services.report_put(
            unit=place.unit,
            period=place.period,
            user=caller(request),
            version=payload.version,
            figures=payload.figures,
            comment=payload.comment,
            unpublished=payload.unpublished,
            as_of=payload.as_of,
            keep_as_of="as_of" not in payload.model_fields_set,
        )
    except StaleVersion as error:
        return _conflict(request, error)
    return selectors.report_detail(report, caller(request))


@router.post(
    "/reports/{unit}/{period}/submit",
    summary="Submit a report for review",
    response={200: ReportOut, 409: Conflict, **WRITE_ERRORS},
)
def report_submit(
    request: HttpRequest, unit: UnitCode, period: PeriodKey, payload: SubmitIn
) -> Any:
    """Submit the report for review. Refused (422) while a figure has an error, or a warning
    is not explained in ``note``; with ``version``, refused (409) if the report changed."""
    place = find_place(request, unit, period, can_write_report, WRITE_REFUSAL)
    try:
        report = services.report_submit_checked(
            unit=place.unit,
            period=place.period,
            user=caller(request),
            note=payload.note,
            version=payload.version,
        )
    except StaleVersion as error:
        return _conflict(request, error)
    return selectors.report_detail(report, caller(request))


# --- review: the office approves, returns, unlocks -------------------------------------------

REVIEW_REFUSAL = "无权审核{unit}的报表"


@router.post(
    "/reports/{unit}/{period}/approve",
    summary="Approve a submitted report",
    response={200: ReportOut, **WRITE_ERRORS},
)
def report_approve_post(
    request: HttpRequest, unit: UnitCode, period: PeriodKey, payload: ReviewIn
) -> dict[str, Any]:
    """Approve a submitted report (its figures count in tables and bulletins from now on);
    422 when the report is not waiting for review, or its month is closed."""
    place = find_place(request, unit, period, can_review, REVIEW_REFUSAL)
    report = report_peek(unit=place.unit, period=place.period)
    done = report_approve(report=report, user=caller(request), comment=payload.comment)
    return selectors.report_detail(done, caller(request))


@router.post(
    "/reports/{unit}/{period}/return",
    summary="Return a report to its reporter",
    response={200: ReportOut, **WRITE_ERRORS},
)
def report_return_post(
    request: HttpRequest, unit: UnitCode, period: PeriodKey, payload: ReturnIn
) -> dict[str, Any]:
    """Send a submitted or approved report back with a ``comment`` the reporter sees
    (required); 422 from any other state, or in a closed month."""
    place = find_place(request, unit, period, can_review, REVIEW_REFUSAL)
    report = report_peek(unit=place.unit, period=place.period)
    done = report_return(report=report, user=caller(request), comment=payload.comment)
    return selectors.report_detail(done, caller(request))


@router.post(
    "/reports/{unit}/{period}/unlock",
    summary="Unlock a locked report",
    response={200: ReportOut, **WRITE_ERRORS},
)
def report_unlock_post(
    request: HttpRequest, unit: UnitCode, period: PeriodKey, payload: UnlockIn
) -> dict[str, Any]:
    """Reopen a report locked by an issued bulletin (or, in a closed month, any report) for
    correction; the ``reason`` is required and kept in its history."""
    place = find_place(request, unit, period, can_review, REVIEW_REFUSAL)
    report = report_peek(unit=place.unit, period=place.period)
    done = report_unlock(report=report, user=caller(request), reason=payload.reason)
    return selectors.report_detail(done, caller(request))
