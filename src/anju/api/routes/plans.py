"""A unit's monthly plan (月工作目标) for a year: read it, set a new version. The same policy,
checks and services as the plan page."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router
from ninja.params.functions import Path

from anju.accounts.policy import can_read_report, can_write_report
from anju.api.places import caller, find_unit
from anju.api.plan_schemas import Goals, PlanIn, PlanOut
from anju.api.routes.common import READ_ERRORS, WRITE_ERRORS, UnitCode
from anju.engine.values import format_value
from anju.plans.entry import plan_input
from anju.plans.models import PlanVersion
from anju.plans.selectors import (
    plan_in_force,
    plan_versions,
    planned_elements,
    programme_for,
    unit_targets,
    version_plans,
)
from anju.plans.services import plan_save
from anju.programmes.models import DataElement, Programme, Unit

router = Router(tags=["plans"])

READ_REFUSAL = "无权查看{unit}的月工作目标"
WRITE_REFUSAL = "无权设置{unit}的月工作目标"
Year = Annotated[int, Path(ge=2000, le=2100, description="the programme's year", example=2017)]


def _goals(plan: Mapping[str, Mapping[int, Decimal]]) -> Goals:
    return {
        code: {str(month): format_value(value, None, trim=True) for month, value in months.items()}
        for code, months in plan.items()
    }


def _who(user: Any) -> str | None:
    return user.get_username() if user is not None else None


def plan_detail(programme: Programme, unit: Unit) -> dict[str, Any]:
    targets = unit_targets(programme, unit)
    versions = plan_versions(programme, unit)
    figures = version_plans(versions)
    return {
        "unit": unit.code,
        "unit_name": unit.name,
        "programme": programme.code,
        "year": programme.year,
        "elements": [
            {
                "code": e.code,
                "name": e.name,
                "measure": e.measure,
                "places": e.places,
                "cumulative": e.time_aggregation == DataElement.TimeAggregation.CUMULATIVE,
                "target": format_value(targets[e.code], None, trim=True)
                if e.code in targets
                else None,
            }
            for e in planned_elements(programme)
        ],
        "in_force": _goals(plan_in_force(programme, unit)),
        "versions": [
            {
                "number": v.number,
                "status": v.status,
                "channel": v.channel,
                "reason": v.reason,
                "created_by": _who(v.created_by),
                "created_at": v.created_at,
                "reviewed_by": _who(v.reviewed_by),
                "reviewed_at": v.reviewed_at,
                "review_comment": v.review_comment,
                "figures": _goals(figures.get(v.pk, {})),
            }
            for v in versions
        ],
    }


@router.get(
    "/plans/{unit}/{year}",
    summary="Read a unit's monthly plan",
    response={200: PlanOut, **READ_ERRORS},
)
def plan_get(request: HttpRequest, unit: UnitCode, year: Year) -> dict[str, Any]:
    """The planned figures with the unit's targets, the plan in force and every version."""
    found = find_unit(request, unit, can_read_report, READ_REFUSAL)
    return plan_detail(programme_for(found, year), found)


@router.put(
    "/plans/{unit}/{year}",
    summary="Set a new version of a unit's monthly plan",
    response={200: PlanOut, **WRITE_ERRORS},
)
def plan_put(request: HttpRequest, unit: UnitCode, year: Year, payload: PlanIn) -> dict[str, Any]:
    """A new version of the whole plan (months not given have no goal). The office's is in
    force at once; a reporter's waits for the office's approval (on the plan page). Checked
    whole as on the page: any problem refuses it all with 422, each message naming the
    figure and month, under ``fields`` as ``<code>_<month>``."""
    found = find_unit(request, unit, can_write_report, WRITE_REFUSAL)
    programme = programme_for(found, year)
    plan_save(
        user=caller(request),
        unit=found,
        programme=programme,
        figures=plan_input(programme, payload.figures),
        reason=payload.reason,
        channel=PlanVersion.Channel.API,
    )
    return plan_detail(programme, found)
