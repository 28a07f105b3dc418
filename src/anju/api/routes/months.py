"""The month for offices that script it: open it (with a due date) and close it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from anju.accounts.policy import can_manage
from anju.api.issued import month_to_open, period_data
from anju.api.places import caller, find_unit
from anju.api.routes.common import WRITE_ERRORS, PeriodKey, UnitCode
from anju.api.schemas import PeriodOpenIn, PeriodOut
from anju.errors import NotFound
from anju.reporting.models import Period
from anju.reporting.services import period_close, period_open

router = Router(tags=["months"])

REFUSAL = "无权管理{unit}的填报月份"


@router.post(
    "/periods/{unit}/{period}",
    summary="Open a month",
    response={200: PeriodOut, **WRITE_ERRORS},
)
def period_open_post(
    request: HttpRequest, unit: UnitCode, period: PeriodKey, payload: PeriodOpenIn
) -> dict[str, Any]:
    """Open the month of the programme whose scope is ``unit`` for reporting, with its due
    date; opening an open month again changes only the due date (when one is given). A
    closed month is not reopened (422): an admin unlocks the report concerned instead."""
    scope = find_unit(request, unit, can_manage, REFUSAL)
    programme, month = month_to_open(scope=scope, key=period)
    opened = period_open(programme=programme, month=month, due_date=payload.due_date)
    return period_data(opened)


@router.post(
    "/periods/{unit}/{period}/close",
    summary="Close a month",
    response={200: PeriodOut, **WRITE_ERRORS},
)
def period_close_post(request: HttpRequest, unit: UnitCode, period: PeriodKey) -> dict[str, Any]:
    """Close the month: reviewed reports are locked, and nothing changes any more without an
    admin's unlock, with a reason, of the report concerned. Refused (422) while reports wait
    for review, or when the month is closed already."""
    scope = find_unit(request, unit, can_manage, REFUSAL)
    programme, month = month_to_open(scope=scope, key=period)
    found = Period.objects.filter(programme=programme, month=month).first()
    if found is None:
        raise NotFound(f"{programme.name}没有 {period} 的填报")
    return period_data(period_close(period=found, user=caller(request)))
