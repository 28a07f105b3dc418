"""Reads of the project register: a unit's projects in a month with their year-to-date
figures, the unit's figures beside the sums of its projects, and every gap of a scope."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet, Sum

from anju.accounts.policy import Person, can_write_report
from anju.errors import NotFound
from anju.photos.models import Photo
from anju.programmes.models import DataElement, Unit
from anju.programmes.spec.elements import PROJECT_FLOWS as FLOWS
from anju.projects.models import Project, ProjectMonth
from anju.projects.reconcile import (
    Gap,
    derived_pairs,
    project_elements,
    reports_gaps,
    units_project_sums,
)
from anju.reporting.models import Period, Report, ReportValue
from anju.reporting.services import EDITABLE, report_frozen
from anju.reporting.workflow import report_peek


@dataclass(frozen=True)
class ProjectRow:
    """A project in a month: this month's flows (zero when nothing was entered), the year to
    date (本期末 = 上期末 + 本期) and the 形象进度."""

    project: Project
    month: dict[str, Decimal]
    to_date: dict[str, Decimal]
    node: str
    photos: int = 0


def unit_projects(*, unit: Unit, period: Period) -> QuerySet[Project]:
    return Project.objects.filter(unit=unit, programme_id=period.programme_id).order_by("code")


def project_find(*, unit: Unit, period: Period, code: str) -> Project:
    project = unit_projects(unit=unit, period=period).filter(code=code).first()
    if project is None:
        raise NotFound(f"{unit.name}没有编号为“{code}”的项目")
    return project


def months_editable(*, user: Person, unit: Unit, period: Period) -> bool:
    """Whether ``user`` may enter the month's progress of the unit's projects now (flows,
    photos, the workbook): their writer, while the unit's report can still change. The
    pages and the API ask this."""
    report = report_peek(unit=unit, period=period)
    return can_write_report(user, unit) and report.status in EDITABLE and not report_frozen(report)


def project_rows(*, unit: Unit, period: Period) -> list[ProjectRow]:
    """Every project of the unit with its month and year to date (two grouped queries)."""
    projects = list(unit_projects(unit=unit, period=period))
    months = {
        m.project_id: m for m in ProjectMonth.objects.filter(project__in=projects, period=period)
    }
    to_date: dict[int, dict[str, Decimal]] = defaultdict(dict)
    sums = (
        ProjectMonth.objects.filter(project__in=projects, period__month__lte=period.month)
        .order_by()
        .values("project_id")
        .annotate(**{flow: Sum(flow) for flow in FLOWS})
    )
    for row in sums:
        to_date[row["project_id"]] = {flow: row[flow] for flow in FLOWS}
    photos = photo_counts(list(months.values()))
    zero = {flow: Decimal(0) for flow in FLOWS}
    rows = []
    for project in projects:
        month = months.get(project.pk)
        rows.append(
            ProjectRow(
                project=project,
                month={flow: getattr(month, flow) for flow in FLOWS} if month else zero,
                to_date=to_date.get(project.pk, zero),
                node=month.node if month else "",
                photos=photos.get(month.pk, 0) if month else 0,
            )
        )
    return rows


def photo_counts(months: list[ProjectMonth]) -> dict[int, int]:
    """How many photos each of the months has, by month id (one grouped query)."""
    if not months:
        return {}
    counted = (
        Photo.objects.filter(
            owner_type=ContentType.objects.get_for_model(ProjectMonth),
            owner_id__in=[month.pk for month in months],
        )
        .order_by()
        .values("owner_id")
        .annotate(n=Count("id"))
    )
    return {row["owner_id"]: row["n"] for row in counted}


@dataclass(frozen=True)
class Reconciliation:
    """A figure summed from projects, on one unit's report: what the unit reports (None when
    it reports nothing of its own), Σ projects (None when no project counts for it), the gap."""

    element: DataElement
    reported: Decimal | None
    summed: Decimal | None
    derived: bool  # the report's figure is Σ projects, written by anju

    @property
    def gap(self) -> Decimal | None:
        if self.reported is None or self.summed is None:
            return None
        return self.reported - self.summed


def report_reconciliation(*, unit: Unit, period: Period) -> list[Reconciliation]:
    """Each figure summed from projects for the unit and month, reported beside summed: the
    figures, their sums of projects, the report's values and their changes (four queries)."""
    elements = project_elements(period.programme_id)
    if not elements:
        return []
    sums = units_project_sums(period=period, units=Q(unit=unit), elements=elements)
    summed = sums.get(unit.pk, {})
    mine = Q(report__unit=unit, report__period=period)
    values = dict(ReportValue.objects.filter(mine).values_list("element__code", "value"))
    derived = {code for _, code in derived_pairs(mine)} & values.keys()
    return [
        Reconciliation(
            element=element,
            reported=None if element.code in derived else values.get(element.code),
            summed=summed.get(element.code),
            derived=element.code in derived,
        )
        for element in elements
    ]


@dataclass(frozen=True)
class ScopeGap:
    report: Report
    gap: Gap

    @property
    def explained(self) -> bool:
        return bool(self.report.note.strip())


def scope_gaps(*, scope: Unit, period: Period, unexplained_only: bool = False) -> list[ScopeGap]:
    """Every gap between a reported figure and its projects in the scope's reports of the month
    (explained: the report's 填报说明 says why), in unit order: the scope's sums of projects
    grouped by unit, whatever the number of units."""
    if not project_elements(period.programme_id):
        return []
    sums = units_project_sums(period=period, units=Q(unit__path__startswith=scope.path))
    ids = Report.objects.filter(period=period, unit_id__in=list(sums)).values_list("pk", "unit")
    gaps = reports_gaps(dict(ids), sums, period.programme_id)
    reports = Report.objects.filter(pk__in={report_id for report_id, _ in gaps})
    by_id = reports.select_related("unit", "period").in_bulk()
    found = sorted(
        (ScopeGap(by_id[report_id], gap) for report_id, gap in gaps),
        key=lambda g: (g.report.unit.path, g.gap.element.order),
    )
    return [g for g in found if not (unexplained_only and g.explained)]
