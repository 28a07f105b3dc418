"""Reads: finding units, programmes and periods, and gathering a scope's figures."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from anju.engine import UnitValues
from anju.errors import NotFound
from anju.programmes.models import Programme, Target, Unit
from anju.reporting.models import Period, Report, ReportValue

# The figures a bulletin publishes: reviewed ones only.
PUBLISHED = (Report.Status.APPROVED, Report.Status.LOCKED)


def unit_find(query: str) -> Unit:
    """A unit by its code or its exact name."""
    query = query.strip()
    unit = Unit.objects.filter(code=query).first()
    if unit is not None:
        return unit
    matches = list(Unit.objects.filter(name=query)[:5])
    if len(matches) == 1:
        return matches[0]
    if matches:
        codes = "、".join(f"{u.code}（{u.parent or '无上级'}）" for u in matches)
        raise NotFound(f"有多个单位名为“{query}”，请改用代码：{codes}")
    raise NotFound(f"找不到单位“{query}”（可用单位名称或代码）")


def ancestor_paths(unit: Unit) -> list[str]:
    parts = unit.path.rstrip("/").split("/")
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def programme_for(unit: Unit, year: int) -> Programme:
    """The year's programme covering the unit: the one whose scope is its nearest ancestor."""
    programme = (
        Programme.objects.filter(year=year, scope__path__in=ancestor_paths(unit))
        .order_by("-scope__depth")
        .first()
    )
    if programme is None:
        raise NotFound(f"{year}年没有覆盖“{unit.name}”的计划")
    return programme


def period_find(*, unit: Unit, key: str) -> Period:
    """A period from its ``YYYY-MM`` key, in the programme that covers the unit."""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", key.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise NotFound(f"“{key}”不是月份，请写作 YYYY-MM，例如 2017-06")
    year, month = int(match.group(1)), int(match.group(2))
    programme = programme_for(unit, year)
    period = (
        Period.objects.filter(programme=programme, month=month).select_related("programme").first()
    )
    if period is None:
        raise NotFound(f"{programme.name}没有 {year}年{month}月 的填报")
    return period


def scope_children_values(
    *, period: Period, scope: Unit, statuses: Iterable[str] = PUBLISHED
) -> list[UnitValues]:
    """Each child of the scope with its figures and targets, summed over its whole subtree.

    Two set-based queries whatever the number of units: values and targets of every
    descendant, attributed to the child whose subtree holds them.
    """
    children = list(scope.children.order_by("sort_order", "code"))
    by_code = {child.code: child for child in children}
    sums: dict[str, dict[str, Decimal]] = {child.code: defaultdict(Decimal) for child in children}
    values = ReportValue.objects.filter(
        report__period=period,
        report__status__in=list(statuses),
        report__unit__path__startswith=scope.path,
    ).values_list("report__unit__path", "element__code", "value")
    targets = Target.objects.filter(
        element__programme_id=period.programme_id, unit__path__startswith=scope.path
    ).values_list("unit__path", "element__code", "value")
    prefix = len(scope.path)
    for path, element, value in [*values, *targets]:
        child = path[prefix:].split("/", 1)[0]
        if child in by_code:
            sums[child][element] += value
    return [
        UnitValues(code=child.code, name=child.name, values=dict(sums[child.code]))
        for child in children
    ]


def scope_has_figures(*, period: Period, scope: Unit, statuses: Iterable[str] = PUBLISHED) -> bool:
    return Report.objects.filter(
        period=period,
        status__in=list(statuses),
        unit__path__startswith=scope.path,
        values__isnull=False,
    ).exists()


def latest_period_for(unit: Unit) -> Period | None:
    """The newest month of the newest programme covering the unit, if any."""
    return (
        Period.objects.filter(programme__scope__path__in=ancestor_paths(unit))
        .select_related("programme")
        .order_by("-programme__year", "-programme__scope__depth", "-month")
        .first()
    )


@dataclass(frozen=True)
class UnitProgress:
    """Where a reporting unit stands for a month: its report's status, or missing; late?"""

    unit: Unit
    report: Report | None
    late: bool

    @property
    def status(self) -> str:
        return self.report.status if self.report else "missing"

    @property
    def status_label(self) -> str:
        return self.report.get_status_display() if self.report else "未填报"


def reporting_units(scope: Unit) -> list[Unit]:
    """The units that report figures within a scope: those with no units below them."""
    return list(
        Unit.objects.filter(path__startswith=scope.path, children__isnull=True).order_by(
            "path", "sort_order"
        )
    )


def period_completeness(
    *, period: Period, scope: Unit, today: datetime.date | None = None
) -> list[UnitProgress]:
    """Every reporting unit of the scope with its report for the month, in two queries."""
    today = today or timezone.localdate()
    units = reporting_units(scope)
    reports = {
        r.unit_id: r
        for r in Report.objects.filter(period=period, unit__in=units).select_related("unit")
    }
    overdue = period.due_date is not None and today > period.due_date
    unfinished = ("missing", Report.Status.DRAFT, Report.Status.RETURNED)
    progress = []
    for unit in units:
        report = reports.get(unit.pk)
        status = report.status if report else "missing"
        progress.append(UnitProgress(unit, report, overdue and status in unfinished))
    return progress
