"""Reads: finding units, programmes and periods, and gathering a scope's figures."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import astuple, dataclass
from decimal import Decimal
from typing import NoReturn

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import Combinable
from django.utils import timezone
from django.utils.translation import gettext

from anju.engine import MilestoneSpec, UnitValues
from anju.errors import InvalidInput, NotFound
from anju.periodkey import PeriodKey
from anju.programmes.models import Milestone, Programme, Unit
from anju.programmes.selectors import milestone_spec
from anju.reporting.models import Period, Report, ReportValue, SubtreeSum
from anju.reporting.sums import element_codes, grouped, owner_expression, scope_target_sums

# The figures a bulletin publishes: reviewed ones only.
PUBLISHED = (Report.Status.APPROVED, Report.Status.LOCKED)


def of_units_without_children() -> Combinable:
    """Reports of units with no units below them (the ones that report), as a NOT EXISTS:
    PostgreSQL plans it as an anti-join, about twice as fast nationally as joining each
    report's unit to its children."""
    return ~Exists(Unit.objects.filter(parent_id=OuterRef("unit_id")))


# Whether units lie below, read with the unit: nearly every unit found is asked it.
_UNITS_BELOW = Exists(Unit.objects.filter(parent=OuterRef("pk")))


def unit_find(query: str) -> Unit:
    """A unit by its code or its exact name."""
    query = query.strip()
    if "\x00" in query:  # no unit is named so, and PostgreSQL refuses NUL in a text query
        raise NotFound(f"找不到单位“{query.replace(chr(0), '')}”（可用单位名称或代码）")
    units = Unit.objects.annotate(below=_UNITS_BELOW)
    try:
        return units.get(code=query)
    except Unit.DoesNotExist:
        pass
    matches = list(units.filter(name=query)[:5])
    if len(matches) == 1:
        return matches[0]
    if matches:
        codes = "、".join(f"{u.code}（{u.parent or '无上级'}）" for u in matches)
        raise NotFound(f"有多个单位名为“{query}”，请改用代码：{codes}")
    raise NotFound(f"找不到单位“{query}”（可用单位名称或代码）")


def _nearest_programmes(unit: Unit, year: int | OuterRef) -> QuerySet[Programme]:
    """The year's programmes covering the unit, nearest first: the first is the unit's."""
    paths = unit.ancestor_paths
    return Programme.objects.filter(Q(year=year), scope__path__in=paths).order_by("-scope__depth")


def programme_for(unit: Unit, year: int) -> Programme:
    """The year's programme covering the unit: the one whose scope is its nearest ancestor."""
    programme = _nearest_programmes(unit, year).first()
    if programme is None:
        raise NotFound(f"{year}年没有覆盖“{unit.name}”的计划")
    return programme


def period_find(*, unit: Unit, key: PeriodKey | str) -> Period:
    """A period from its ``YYYY-MM`` key, in the programme that covers the unit: one query."""
    year, month = _year_month(key)
    nearest = Subquery(_nearest_programmes(unit, year).values("pk")[:1])
    months = Period.objects.filter(programme=nearest, month=month).select_related("programme")
    try:
        return months.get()
    except Period.DoesNotExist:
        return _no_such_month(unit, year, month)


def scope_periods(unit: Unit) -> list[Period]:
    """Every month of every programme covering the unit, oldest first, in one query; each
    knows whether its programme is its year's nearest to the unit (``Period.is_nearest``)."""
    nearest = _nearest_programmes(unit, OuterRef("programme__year")).values("pk")[:1]
    return list(
        Period.objects.filter(programme__scope__path__in=unit.ancestor_paths)
        .annotate(nearest_id=Subquery(nearest))
        .select_related("programme__scope")
        .order_by("programme__year", "month", "-programme__scope__depth")
    )


def period_among(periods: Iterable[Period], *, unit: Unit, key: PeriodKey | str) -> Period:
    """``period_find`` among the unit's ``scope_periods``, already read: a page lists them."""
    year, month = _year_month(key)
    for period in periods:
        if (year, month) == (period.programme.year, period.month) and period.is_nearest:
            return period
    return _no_such_month(unit, year, month)


def _year_month(key: PeriodKey | str) -> tuple[int, int]:
    try:
        year, month = astuple(PeriodKey.of(key))
    except InvalidInput as error:
        raise NotFound(str(error)) from error
    return year, month


def _no_such_month(unit: Unit, year: int, month: int) -> NoReturn:
    programme = programme_for(unit, year)  # only to say what is missing
    raise NotFound(f"{programme.name}没有 {year}年{month}月 的填报")


def scope_units(scope: Unit) -> list[Unit]:
    """The units a scope's figures are split into: its children, or itself when it has none."""
    return list(scope.children.order_by("sort_order", "code")) or [scope]


def scope_monthly_sums(
    *,
    scope: Unit,
    units: Sequence[Unit],
    period: Period,
    through: bool = False,
    elements: Collection[str] | None = None,
    earlier: Collection[str] | None = None,
    statuses: Iterable[str] = PUBLISHED,
) -> dict[int, dict[str, dict[str, Decimal]]]:
    """Reported figures summed over each unit's subtree: month → unit code → element → sum.

    One grouped query whatever the number of units: the period's month, or with
    ``through`` every month of the programme's year up to it. With ``earlier``, the months
    before the period's carry only those elements (a trend reads a few figures of each month;
    summing every figure of every month is most of a national page's time).
    """
    months = (
        dict(
            Period.objects.filter(
                programme_id=period.programme_id, month__lte=period.month
            ).values_list("pk", "month")
        )
        if through
        else {period.pk: period.month}
    )
    codes = element_codes(period.programme_id)
    if set(statuses) == set(PUBLISHED):
        return _kept_sums(units, months, codes, period, elements, earlier if through else None)
    rows = ReportValue.objects.filter(
        report__period_id__in=list(months),
        report__status__in=list(statuses),
        report__unit__path__startswith=scope.path,
    )
    if elements is not None:
        rows = rows.filter(element_id__in=[pk for pk, code in codes.items() if code in elements])
    if through and earlier is not None:
        rows = rows.filter(
            Q(report__period_id=period.pk)
            | Q(element_id__in=[pk for pk, code in codes.items() if code in earlier])
        )
    sums: dict[int, dict[str, dict[str, Decimal]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(Decimal))
    )
    for owner, period_id, element, total in grouped(
        rows,
        scope=scope,
        units=units,
        path_field="report__unit__path",
        by=("report__period_id", "element_id"),
        value_field="value",
    ):
        sums[months[period_id]][owner][codes[element]] = total
    return sums


def _kept_sums(
    units: Sequence[Unit],
    months: dict[int, int],
    codes: dict[int, str],
    period: Period,
    elements: Collection[str] | None,
    earlier: Collection[str] | None,
) -> dict[int, dict[str, dict[str, Decimal]]]:
    """``scope_monthly_sums`` of the published figures, read from the sums kept by subtree
    (``SubtreeSum``): a row per unit, month and figure, nothing summed at read time."""
    rows = SubtreeSum.objects.filter(
        period_id__in=list(months), unit__in=[unit.pk for unit in units], reports__gt=0
    )
    if elements is not None:
        rows = rows.filter(element_id__in=[pk for pk, code in codes.items() if code in elements])
    if earlier is not None:
        rows = rows.filter(
            Q(period_id=period.pk)
            | Q(element_id__in=[pk for pk, code in codes.items() if code in earlier])
        )
    unit_codes = {unit.pk: unit.code for unit in units}
    sums: dict[int, dict[str, dict[str, Decimal]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(Decimal))
    )
    for unit_id, period_id, element, total in rows.values_list(
        "unit_id", "period_id", "element_id", "total"
    ):
        figure = Decimal(total).scaleb(-SubtreeSum.SCALE_PLACES)
        sums[months[period_id]][unit_codes[unit_id]][codes[element]] = figure
    return sums


def scope_children_values(
    *,
    period: Period,
    scope: Unit,
    statuses: Iterable[str] = PUBLISHED,
    children: Sequence[Unit] | None = None,
) -> list[UnitValues]:
    """Each child of the scope (``children`` when the caller has them) with its month's
    figures and its targets, summed over its whole subtree: two set-based queries whatever
    the number of units."""
    if children is None:
        children = list(scope.children.order_by("sort_order", "code"))
    month = scope_monthly_sums(scope=scope, units=children, period=period, statuses=statuses)
    month_sums = month.get(period.month, {})
    targets = scope_target_sums(scope=scope, units=children, programme_id=period.programme_id)
    return [
        UnitValues(
            code=child.code,
            name=child.name,
            values={**targets.get(child.code, {}), **month_sums.get(child.code, {})},
            kind=child.kind,
        )
        for child in children
    ]


def milestone_specs(
    programme: Programme, codes: Collection[str] | None = None
) -> list[MilestoneSpec]:
    """The programme's milestones (or those named) as the engine takes them, by due date."""
    milestones = Milestone.objects.filter(programme=programme)
    if codes is not None:
        milestones = milestones.filter(code__in=list(codes))
    return [
        milestone_spec(m)
        for m in milestones.select_related("target", "actual").order_by("due", "code")
    ]


def scope_has_figures(*, period: Period, scope: Unit, statuses: Iterable[str] = PUBLISHED) -> bool:
    """Whether a report at or below the scope in these statuses holds figures; for the
    published ones the scope's kept sums say so (a row counts the figures summed in it)."""
    if set(statuses) == set(PUBLISHED):
        return SubtreeSum.objects.filter(period=period, unit=scope, reports__gt=0).exists()
    return Report.objects.filter(
        period=period,
        status__in=list(statuses),
        unit__path__startswith=scope.path,
        values__isnull=False,
    ).exists()


def periods_covering(unit: Unit) -> QuerySet[Period]:
    """The months of every programme covering the unit, newest first: the newest year, in it
    the programme nearest the unit, in it the latest month."""
    return (
        Period.objects.filter(programme__scope__path__in=unit.ancestor_paths)
        .select_related("programme")
        .order_by("-programme__year", "-programme__scope__depth", "-month")
    )


def latest_period_for(unit: Unit) -> Period | None:
    """The newest month of the newest programme covering the unit, if any."""
    return periods_covering(unit).first()


class ReportStatus:
    """A unit's month as the pages list it: its report's status, or missing."""

    report: Report | None

    @property
    def status(self) -> str:
        return self.report.status if self.report else "missing"

    @property
    def status_label(self) -> str:
        return self.report.get_status_display() if self.report else gettext("未填报")


@dataclass(frozen=True)
class UnitProgress(ReportStatus):
    """Where a reporting unit stands for a month: its report's status, or missing; late?"""

    unit: Unit
    report: Report | None
    late: bool


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


def period_progress_counts(
    *, period: Period, scope: Unit
) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """The scope's reporting units counted per child (child code → units) and their month's
    reports per child and status ((child code, status) → reports): two grouped queries, not a
    row per unit. Rows of the scope itself count under the empty code."""
    children = list(scope.children.all()) or [scope]
    owner = owner_expression(scope, children, "path")
    units = dict(
        # order_by(): a model's default ordering would join the GROUP BY (PostgreSQL refuses).
        Unit.objects.filter(path__startswith=scope.path, children__isnull=True)
        .order_by()
        .annotate(owner=owner)
        .values("owner")
        .annotate(count=Count("id"))
        .values_list("owner", "count")
    )
    reports = {
        (code, status): count
        for code, status, count in Report.objects.filter(
            of_units_without_children(), period=period, unit__path__startswith=scope.path
        )
        .order_by()
        .annotate(owner=owner_expression(scope, children, "unit__path"))
        .values("owner", "status")
        .annotate(count=Count("id"))
        .values_list("owner", "status", "count")
    }
    return units, reports
