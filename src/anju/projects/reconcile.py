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
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db.models import F, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from anju.programmes.models import DataElement, Unit
from anju.programmes.spec.elements import PROJECT_FLOWS
from anju.projects.models import Project, ProjectMonth
from anju.reporting.models import Period, Report, ReportValue, ValueChange
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
    return units_project_sums(period=period, units=Q(unit=unit)).get(unit.pk, {})


def units_project_sums(
    *, period: Period, units: Q, elements: Sequence[DataElement] | None = None
) -> dict[int, dict[str, Decimal]]:
    """``project_sums`` of every unit whose projects match ``units`` (a condition on
    Project), by unit id: one grouped query per distinct ``projects:`` filter and kind of
    figure (flows or stocks), however many units. ``elements``: the programme's figures
    summed from projects, when the caller has them already."""
    if elements is None:
        elements = project_elements(period.programme_id)
    groups: dict[tuple[str, bool], list[DataElement]] = defaultdict(list)
    for element in elements:
        which = {k: v for k, v in element.projects.items() if k != "flow"}
        flow = element.projects["flow"] in PROJECT_FLOWS
        groups[(json.dumps(which, sort_keys=True), flow)].append(element)
    projects = Project.objects.filter(units, programme_id=period.programme_id)
    sums: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for (_which, flow), group in groups.items():
        chosen = projects.filter(which_projects(group[0].projects))
        totals = {f"sum{i}": Sum(e.projects["flow"]) for i, e in enumerate(group)}
        rows: QuerySet[Any, Any]
        if flow:
            # counted once its projects have months on record: a project just registered
            # does not make the unit's figure 0
            rows = ProjectMonth.objects.filter(
                project__in=chosen, period__month__lte=period.month
            ).values(unit_id=F("project__unit_id"))
        else:
            rows = chosen.values("unit_id")
        for row in rows.order_by().annotate(**totals):
            for i, element in enumerate(group):
                if (total := row[f"sum{i}"]) is not None:
                    sums[row["unit_id"]][element.code] = Decimal(total)
    return sums


def derived_pairs(where: Q) -> set[tuple[int, str]]:
    """(report, figure) for each figure anju summed from projects, among the figures whose
    changes match ``where`` (a condition on the report and element, as a value's or a
    change's): the last change of the figure came from there."""
    last: dict[tuple[int, str], str] = {}
    changes = (
        ValueChange.objects.filter(where)
        .order_by("at", "id")
        .values_list("report_id", "element__code", "channel")
    )
    for report_id, code, channel in changes:
        last[(report_id, code)] = channel
    return {pair for pair, channel in last.items() if channel == PROJECTS}


def derived_codes(report: Report) -> set[str]:
    """The report's figures anju summed from projects (their last change came from there)."""
    if report.pk is None:
        return set()
    derived = derived_pairs(Q(report=report))
    codes = report.values.values_list("element__code", flat=True)
    return {code for code in codes if (report.pk, code) in derived}


def reported_values(report: Report) -> dict[str, Decimal]:
    """The figures the unit entered itself (not those summed from its projects)."""
    if report.pk is None:
        return {}
    return entered_values(Q(report=report)).get(report.pk, {})


def entered_values(where: Q) -> dict[int, dict[str, Decimal]]:
    """``reported_values`` of the reports and figures matching ``where`` (a condition on a
    value's report and element), by report id, in two queries."""
    derived = derived_pairs(where)
    values = ReportValue.objects.filter(where).values_list("report_id", "element__code", "value")
    entered: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for report_id, code, value in values:
        if (report_id, code) not in derived:
            entered[report_id][code] = value
    return entered


def report_gaps(report: Report) -> list[Gap]:
    """Every figure the unit reports that differs from the sum of its projects."""
    if report.pk is None:
        return []
    sums = {report.unit_id: project_sums(unit=report.unit, period=report.period)}
    found = reports_gaps({report.pk: report.unit_id}, sums, report.period.programme_id)
    return [gap for _, gap in found]


def reports_gaps(
    reports: Mapping[int, int], sums: Mapping[int, Mapping[str, Decimal]], programme_id: int
) -> list[tuple[int, Gap]]:
    """Every gap of the reports of one month of the programme (report id → its unit's id),
    given Σ projects of their units, as (report id, gap)."""
    elements = {e.code: e for e in project_elements(programme_id)}
    if not reports or not elements:
        return []
    entered = entered_values(Q(report_id__in=list(reports), element__code__in=list(elements)))
    found = []
    for report_id, unit_id in reports.items():
        summed, reported = sums.get(unit_id, {}), entered.get(report_id, {})
        for code, element in elements.items():
            if code in summed and code in reported and reported[code] != summed[code]:
                found.append((report_id, Gap(element, reported[code], summed[code])))
    return found


GAP_TO_EXPLAIN = _("填报数与项目汇总数不一致，请在“填报说明”中说明差异原因后再报送")


def reports_unexplained(
    *, period: Period, reports: Mapping[int, tuple[int, str]], units: Q
) -> dict[int, list[Gap]]:
    """The rule of 报送 on gaps, for many reports of one month at once: the reports (id → its
    unit's id and the 填报说明 it would be submitted with) that may not be submitted, each
    with its gaps — a figure the unit reports that differs from the sum of its projects,
    while the 填报说明 says nothing. ``units``: a condition on Project picking at least the
    reports' units (the scope's path prefix for a large set). A few queries whatever the
    number of reports."""
    silent = {report: unit for report, (unit, note) in reports.items() if not note.strip()}
    elements = project_elements(period.programme_id) if silent else []
    if not elements:
        return {}
    sums = units_project_sums(period=period, units=units, elements=elements)
    found: dict[int, list[Gap]] = defaultdict(list)
    for report_id, gap in reports_gaps(silent, sums, period.programme_id):
        found[report_id].append(gap)
    return dict(found)


def unexplained_gaps(*, report: Report, note: str) -> list[str]:
    """What stops one report's submission: each gap with its projects, while 填报说明 says
    nothing (``reports_unexplained`` for one report)."""
    if report.pk is None:
        return []
    found = reports_unexplained(
        period=report.period, reports={report.pk: (report.unit_id, note)}, units=Q(unit=report.unit)
    )
    return gap_problems(report.unit, found.get(report.pk, []))


def gap_problems(unit: Unit, gaps: Sequence[Gap]) -> list[str]:
    """What a refused submission says of its unexplained gaps (nothing when there are none)."""
    return [gap.message(unit) for gap in gaps] + [GAP_TO_EXPLAIN] if gaps else []


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
