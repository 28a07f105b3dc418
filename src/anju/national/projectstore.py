"""Storing the national set's projects in bulk: the projects, their months, and the trail
of the counties' figures summed from them (channel 项目汇总, as anju writes them)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from anju.national.bulk import bulk_load, db_value
from anju.national.figures import CountyFigures
from anju.national.projects import CountyProjects, ProjectPlan
from anju.programmes.models import Programme
from anju.projects.models import Project, ProjectChange, ProjectMonth
from anju.reporting.models import Period, ValueChange

PROJECT_FIELDS = (
    "unit",
    "code",
    "name",
    "kind",
    "method",
    "task_year",
    "planned_units",
    "investment",
    "status",
    "started_on",
    "completion_year",
    "flats",
    "allocated",
    "occupied",
)
MONTH_FIELDS = ("project", "period", "started", "basic", "completed", "invested", "node")
BUILDER = "县城市建设投资有限公司"
SUMMED = "由项目汇总"


def projects_remove(programme: Programme) -> None:
    """The programme's projects, their months and trail, one statement each."""
    ProjectMonth.objects.filter(project__programme=programme).delete()
    ProjectChange.objects.filter(project__programme=programme).delete()
    Project.objects.filter(programme=programme).delete()


def project_code(county_code: str, plan: ProjectPlan) -> str:
    return f"{county_code}-{plan.number + 1:02d}"


def _project_row(unit_id: int, county_code: str, plan: ProjectPlan) -> tuple[Any, ...]:
    built = max(plan.total("started"), plan.total("basic"))
    planned = plan.flats if plan.flats is not None else int(built * Decimal("1.2")) or 100
    started_on = db_value(Project, "started_on", plan.started_on)
    return (
        unit_id,
        project_code(county_code, plan),
        plan.name,
        plan.kind,
        plan.method,
        plan.task_year,
        planned,
        db_value(Project, "investment", plan.total("invested") * Decimal("1.5")),
        plan.status,
        started_on,
        plan.completion_year,
        plan.flats,
        plan.allocated,
        plan.occupied,
    )


def projects_create(
    programme: Programme,
    counties: Sequence[tuple[int, str]],
    projects: Sequence[CountyProjects],
    periods: Sequence[Period],
) -> tuple[int, int]:
    """Every county's projects and their months; returns how many of each were stored."""
    rows = (
        _project_row(unit_id, code, plan)
        for (unit_id, code), county in zip(counties, projects, strict=True)
        for plan in county.projects
    )
    count = bulk_load(Project, {"programme": programme, "builder": BUILDER}, PROJECT_FIELDS, rows)
    ids = dict(Project.objects.filter(programme=programme).values_list("code", "pk"))
    months = bulk_load(
        ProjectMonth, {}, MONTH_FIELDS, _month_rows(ids, counties, projects, periods)
    )
    return count, months


def _month_rows(
    ids: Mapping[str, int],
    counties: Sequence[tuple[int, str]],
    projects: Sequence[CountyProjects],
    periods: Sequence[Period],
) -> Iterator[tuple[Any, ...]]:
    for (_, code), county in zip(counties, projects, strict=True):
        for plan in county.projects:
            project_id = ids[project_code(code, plan)]
            for period, month, node in zip(periods, plan.months, plan.nodes, strict=True):
                yield (
                    project_id,
                    period.pk,
                    month["started"],
                    month["basic"],
                    month["completed"],
                    month["invested"],
                    node,
                )


def derived_changes(
    report_ids: Sequence[Sequence[int]],
    figures: Sequence[CountyFigures],
    projects: Sequence[CountyProjects],
    elements: Mapping[str, int],
) -> int:
    """The trail of each figure summed from a county's projects: one change per report and
    figure, channel 项目汇总 (what marks a figure as summed rather than entered)."""
    rows = (
        (report_id, elements[code], None, month[code])
        for reports, county, plans in zip(report_ids, figures, projects, strict=True)
        for code in sorted(plans.derived)
        for report_id, month in zip(reports, county.months, strict=True)
    )
    return bulk_load(
        ValueChange,
        {"channel": ValueChange.Channel.PROJECTS, "comment": SUMMED},
        ("report", "element", "old_value", "new_value"),
        rows,
    )
