"""A unit's figures from its projects, and the gaps between them and what the unit reports.

A data element declared ``from_projects: <flow>`` in the programme is summed from the unit's
projects (those its ``projects:`` filter picks): a monthly flow over the programme year's
months so far (本期末 = 上期末 + 本期), or a 公租房 estate's present flats, allocated or occupied.
Where the unit reports no figure of its own, the sum is its figure (written on its report,
channel 项目汇总, whenever a project or project month changes). Where it reports one, the report
shows reported vs Σ projects; a gap needs an explanation (the report's 填报说明) before the
report can be submitted.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db.models import OuterRef, Q, Subquery, Sum
from django.utils.translation import gettext as _

from anju.programmes.models import DataElement, Unit
from anju.programmes.spec.elements import PROJECT_FLOWS
from anju.projects.models import Project, ProjectMonth
from anju.reporting.models import Period, Report, ValueChange
from anju.reporting.services import EDITABLE, report_frozen, report_set_values

PROJECTS = ValueChange.Channel.PROJECTS


@dataclass(frozen=True)
class Gap:
    """A figure the unit reports beside the sum of its projects."""

    element: DataElement
    reported: Decimal
    summed: Decimal

    @property
    def difference(self) -> Decimal:
        return self.reported - self.summed

    def message(self, unit: Unit) -> str:
        return _(
            "%(unit)s %(name)s：填报 %(reported)s %(measure)s，项目汇总 %(summed)s %(measure)s，"
            "相差 %(gap)s %(measure)s"
        ) % {
            "unit": unit,
            "name": element_name(self.element),
            "reported": plain(self.reported),
            "summed": plain(self.summed),
            "gap": plain(self.difference),
            "measure": self.element.measure,
        }


def element_name(element: DataElement) -> str:
    return element.name


def plain(value: Decimal) -> str:
    """A figure as the form shows it: no trailing zeros, never an exponent."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def project_elements(programme_id: int) -> list[DataElement]:
    """The programme's figures summed from projects, in the programme's order."""
    return [
        element
        for element in DataElement.objects.filter(programme_id=programme_id).order_by("order")
        if element.projects
    ]


def which_projects(declared: dict[str, Any]) -> Q:
    """The projects a figure counts, as its ``projects:`` filter declares them."""
    condition = Q()
    if declared.get("kind"):
        condition &= Q(kind=declared["kind"])
    for key, lookup in (("completed_by", "lte"), ("completed_after", "gt")):
        if declared.get(key):
            day = datetime.date.fromisoformat(declared[key])
            condition &= Q(**{f"completed_on__{lookup}": day}) | Q(
                completed_on__isnull=True, **{f"completion_year__{lookup}": day.year}
            )
            if lookup == "lte" and (day.month, day.day) != (12, 31):
                # a project known only by its year counts when the whole year is within
                condition &= ~Q(completed_on__isnull=True, completion_year=day.year)
    return condition


def project_sums(*, unit: Unit, period: Period) -> dict[str, Decimal]:
    """Σ projects of the unit for each figure summed from projects, at the month's end; a
    figure none of the unit's projects counts for (a flow: none with a month on record by
    then; a stock: none with the figure) is absent, and the unit enters it."""
    sums: dict[str, Decimal] = {}
    projects = Project.objects.filter(programme_id=period.programme_id, unit=unit)
    for element in project_elements(period.programme_id):
        chosen = projects.filter(which_projects(element.projects))
        if not chosen.exists():
            continue
        flow = element.projects["flow"]
        if flow in PROJECT_FLOWS:
            # counted once its projects have months on record: a project just registered
            # does not make the unit's figure 0
            total = ProjectMonth.objects.filter(
                project__in=chosen, period__month__lte=period.month
            ).aggregate(total=Sum(flow))["total"]
            if total is not None:
                sums[element.code] = total
        else:
            total = chosen.aggregate(total=Sum(flow))["total"]
            if total is not None:
                sums[element.code] = Decimal(total)
    return sums


def derived_codes(report: Report) -> set[str]:
    """The report's figures anju summed from projects (their last change came from there)."""
    if report.pk is None:
        return set()
    last = ValueChange.objects.filter(report=report, element=OuterRef("element")).order_by(
        "-at", "-id"
    )
    return set(
        report.values.annotate(channel=Subquery(last.values("channel")[:1]))
        .filter(channel=PROJECTS)
        .values_list("element__code", flat=True)
    )


def reported_values(report: Report) -> dict[str, Decimal]:
    """The figures the unit entered itself (not those summed from its projects)."""
    if report.pk is None:
        return {}
    derived = derived_codes(report)
    values = report.values.values_list("element__code", "value")
    return {code: value for code, value in values if code not in derived}


def report_gaps(report: Report) -> list[Gap]:
    """Every figure the unit reports that differs from the sum of its projects."""
    elements = {e.code: e for e in project_elements(report.period.programme_id)}
    if not elements or report.pk is None:
        return []
    sums = project_sums(unit=report.unit, period=report.period)
    reported = reported_values(report)
    return [
        Gap(element, reported[code], sums[code])
        for code, element in elements.items()
        if code in sums and code in reported and reported[code] != sums[code]
    ]


def unexplained_gaps(*, report: Report, note: str) -> list[str]:
    """What stops a submission: each gap with its projects, while 填报说明 says nothing."""
    gaps = report_gaps(report)
    if not gaps or note.strip():
        return []
    return [gap.message(report.unit) for gap in gaps] + [
        _("填报数与项目汇总数不一致，请在“填报说明”中说明差异原因后再报送")
    ]


def report_projects_sync(*, report: Report, user: User | None) -> None:
    """Write the sums of the unit's projects into its report wherever it reports no figure of
    its own; a sum no project counts for any more is taken back. Only a report that can still
    change (a draft or a returned one, in an open month) is touched."""
    if report.status not in EDITABLE or report_frozen(report):
        return
    elements = project_elements(report.period.programme_id)
    if not elements:
        return
    sums = project_sums(unit=report.unit, period=report.period)
    reported = reported_values(report)
    derived = derived_codes(report)
    values: dict[str, object] = {}
    for element in elements:
        if element.code in reported:
            continue
        if element.code in sums:
            values[element.code] = plain(sums[element.code])
        elif element.code in derived:
            values[element.code] = None
    if values:
        report_set_values(
            report=report,
            values=values,
            user=user,
            channel=PROJECTS,
            comment=_("由项目汇总"),
        )
