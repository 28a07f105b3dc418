"""The project register: a unit's projects in a month, registering and changing one, its
month's progress, and every gap between reported figures and projects in a scope. The same
services and policy as the pages."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router
from ninja.params.functions import Path

from anju.accounts.policy import can_read_report, can_view_audit, can_write_report
from anju.api.places import Place, caller, find_place
from anju.api.project_schemas import (
    GapsOut,
    ProjectCreateIn,
    ProjectMonthIn,
    ProjectOut,
    ProjectsOut,
    ProjectUpdateIn,
)
from anju.api.routes.common import READ_ERRORS, WRITE_ERRORS, PeriodKey, UnitCode
from anju.api.selectors import exact
from anju.projects.models import Project
from anju.projects.selectors import (
    ProjectRow,
    months_editable,
    project_find,
    project_rows,
    report_reconciliation,
    scope_gaps,
)
from anju.projects.services import FIELDS, project_create, project_month_save, project_update
from anju.reporting.models import Period

router = Router(tags=["projects"])

READ_REFUSAL = "无权查看{unit}的项目"
WRITE_REFUSAL = "无权修改{unit}的项目"
GAPS_REFUSAL = "无权查看{unit}的项目差异"
ProjectCode = Annotated[
    str,
    Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$", description="project code"),
]


def _project(row: ProjectRow) -> dict[str, Any]:
    project = row.project
    data: dict[str, Any] = {name: getattr(project, name) for name in FIELDS}
    for name in ("latitude", "longitude", "area", "investment"):
        data[name] = exact(data[name])
    return {
        **data,
        "code": project.code,
        "version": project.version,
        "month": {flow: exact(value) for flow, value in row.month.items()},
        "to_date": {flow: exact(value) for flow, value in row.to_date.items()},
        "node": row.node,
    }


def editable(request: HttpRequest, place: Place) -> bool:
    """Whether the caller may change the unit's projects' months now."""
    return months_editable(user=caller(request), unit=place.unit, period=place.period)


def _projects(request: HttpRequest, unit: str, period: str) -> dict[str, Any]:
    place = find_place(request, unit, period, can_read_report, READ_REFUSAL)
    return {
        "unit": place.unit.code,
        "period": place.period.key,
        "editable": editable(request, place),
        "projects": [_project(row) for row in project_rows(unit=place.unit, period=place.period)],
        "reconciliation": [
            {
                "element": row.element.code,
                "name": row.element.name,
                "reported": exact(row.reported),
                "summed": exact(row.summed),
                "derived": row.derived,
                "gap": exact(row.gap),
            }
            for row in report_reconciliation(unit=place.unit, period=place.period)
            if row.summed is not None
        ],
    }


@router.get(
    "/projects/{unit}/{period}",
    summary="A unit's projects in a month",
    response={200: ProjectsOut, **READ_ERRORS},
)
def projects_get(request: HttpRequest, unit: UnitCode, period: PeriodKey) -> dict[str, Any]:
    """Every project of the unit with this month's flows, the year to date and the 形象进度,
    and each figure summed from projects beside what the unit reports (the gap)."""
    return _projects(request, unit, period)


@router.post(
    "/projects/{unit}/{period}",
    summary="Register a project",
    response={200: ProjectOut, **WRITE_ERRORS},
)
def project_post(
    request: HttpRequest, unit: UnitCode, period: PeriodKey, payload: ProjectCreateIn
) -> dict[str, Any]:
    """Register a project of the unit in the month's programme (the unit's reporters and the
    office); 422 lists every problem (a duplicate code, occupied above flats, …)."""
    place = find_place(request, unit, period, can_write_report, WRITE_REFUSAL)
    project_create(
        programme=place.period.programme,
        unit=place.unit,
        code=payload.code,
        data=payload.model_dump(exclude={"code"}),
        user=caller(request),
        channel="api",
    )
    return _one(request, unit, period, payload.code)


def writable_project(
    request: HttpRequest, unit: str, period: str, code: str
) -> tuple[Project, Period]:
    """The project the path names, and its month, once the caller may change the unit's."""
    place = find_place(request, unit, period, can_write_report, WRITE_REFUSAL)
    return project_find(unit=place.unit, period=place.period, code=code), place.period


def _one(request: HttpRequest, unit: str, period: str, code: str) -> dict[str, Any]:
    found: dict[str, Any] = next(
        p for p in _projects(request, unit, period)["projects"] if p["code"] == code
    )
    return found


@router.put(
    "/projects/{unit}/{period}/{code}",
    summary="Change a project",
    response={200: ProjectOut, **WRITE_ERRORS},
)
def project_put(
    request: HttpRequest,
    unit: UnitCode,
    period: PeriodKey,
    code: ProjectCode,
    payload: ProjectUpdateIn,
) -> dict[str, Any]:
    """Change a project's fields; every change is kept (who, when, old → new)."""
    project, _period = writable_project(request, unit, period, code)
    project_update(
        project=project,
        data=payload.model_dump(exclude={"version"}),
        user=caller(request),
        expected_version=payload.version,
        channel="api",
    )
    return _one(request, unit, period, project.code)


@router.put(
    "/projects/{unit}/{period}/{code}/month",
    summary="Enter a project's month",
    response={200: ProjectOut, **WRITE_ERRORS},
)
def project_month_put(
    request: HttpRequest,
    unit: UnitCode,
    period: PeriodKey,
    code: ProjectCode,
    payload: ProjectMonthIn,
) -> dict[str, Any]:
    """This month's flows and 形象进度, entered with the unit's report: refused (422) once the
    report is submitted. The unit's figures summed from projects follow."""
    project, month = writable_project(request, unit, period, code)
    project_month_save(
        project=project,
        period=month,
        flows=payload.model_dump(exclude={"node"}),
        node=payload.node,
        user=caller(request),
        channel="api",
    )
    return _one(request, unit, period, project.code)


@router.get(
    "/project-gaps/{unit}/{period}",
    summary="Gaps between reported figures and projects",
    response={200: GapsOut, **READ_ERRORS},
)
def project_gaps_get(request: HttpRequest, unit: UnitCode, period: PeriodKey) -> dict[str, Any]:
    """Every figure a unit of the scope reports that differs from the sum of its projects,
    with whether the report's 填报说明 explains it (the office and inspectors)."""
    place = find_place(request, unit, period, can_view_audit, GAPS_REFUSAL)
    return {
        "scope": place.unit.code,
        "period": place.period.key,
        "gaps": [
            {
                "unit": item.report.unit.code,
                "name": item.report.unit.name,
                "element": item.gap.element.code,
                "reported": exact(item.gap.reported),
                "summed": exact(item.gap.summed),
                "gap": exact(item.gap.difference),
                "explained": item.explained,
                "note": item.report.note,
                "status": item.report.status,
            }
            for item in scope_gaps(scope=place.unit, period=place.period)
        ],
    }
