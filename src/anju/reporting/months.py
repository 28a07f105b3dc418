"""Reads about a scope's months: which exist, which is the latest reviewed or open one, how far
each has come, and the reports waiting for a reporter in any open month."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils import timezone

from anju.accounts.models import Role
from anju.programmes.models import Unit
from anju.reporting.models import Period, Report
from anju.reporting.selectors import (
    PUBLISHED,
    ReportStatus,
    UnitProgress,
    period_progress_counts,
    periods_covering,
    scope_periods,
)


@dataclass(frozen=True)
class TodoItem(ReportStatus):
    """A report waiting for its reporter: not yet submitted, or sent back, in an open month."""

    unit: Unit
    period: Period
    report: Report | None
    days_left: int | None  # to the due date; negative once it has passed; None without one

    @property
    def returned(self) -> bool:
        return self.status == Report.Status.RETURNED

    @property
    def comment(self) -> str:
        return self.report.review_comment if self.report and self.returned else ""


def reporter_todo(*, units: Iterable[Unit], today: datetime.date | None = None) -> list[TodoItem]:
    """Every report of ``units`` that needs its reporter in any open month: sent back ones
    first, then by due date and month. Two queries for the periods and the reports."""
    today = today or timezone.localdate()
    units = list(units)
    paths = {path for unit in units for path in unit.ancestor_paths}
    periods = list(
        Period.objects.filter(status=Period.Status.OPEN, programme__scope__path__in=paths)
        .select_related("programme__scope")
        .order_by("programme__year", "month")
    )
    reports = {
        (r.unit_id, r.period_id): r
        for r in Report.objects.filter(period__in=periods, unit__in=units).select_related("unit")
    }
    waiting = []
    for period in periods:
        for unit in units:
            if not unit.path.startswith(period.programme.scope.path):
                continue
            report = reports.get((unit.pk, period.pk))
            if report is None or report.status in (Report.Status.DRAFT, Report.Status.RETURNED):
                due = period.due_date
                days = (due - today).days if due is not None else None
                waiting.append(TodoItem(unit, period, report, days))

    def urgency(item: TodoItem) -> tuple[bool, datetime.date, int, int]:
        due = item.period.due_date or datetime.date.max
        return (not item.returned, due, item.period.programme.year, item.period.month)

    return sorted(waiting, key=urgency)


def waiting_review_count(*, scope: Unit, period: Period) -> int:
    """Reports of the scope's month submitted and not yet reviewed."""
    return Report.objects.filter(
        period=period, status=Report.Status.SUBMITTED, unit__path__startswith=scope.path
    ).count()


def newest_open(periods: list[Period]) -> Period | None:
    """Of ``scope_periods``, what ``latest_open_period`` would find, without a query."""
    return max(
        (period for period in periods if period.status == Period.Status.OPEN),
        key=lambda p: (p.programme.year, p.programme.scope.depth, p.month),
        default=None,
    )


def latest_reviewed_period(unit: Unit) -> Period | None:
    """The newest month with reviewed figures within the unit (the month a home opens on)."""
    reviewed = Report.objects.filter(
        status__in=list(PUBLISHED), unit__path__startswith=unit.path, values__isnull=False
    )
    return periods_covering(unit).filter(reports__in=reviewed).first()


def latest_open_period(unit: Unit) -> Period | None:
    """The newest month still open for reporting."""
    return periods_covering(unit).filter(status=Period.Status.OPEN).first()


@dataclass(frozen=True)
class MonthSummary:
    period: Period
    units: int  # reporting units in the scope
    reviewed: int  # their reports approved or locked
    submitted: int  # waiting for review


def month_summaries(*, scope: Unit) -> list[MonthSummary]:
    """Each month of the scope, newest first, with how many of its reports are in: two
    queries whatever the number of months."""
    periods = scope_periods(scope)
    units = Unit.objects.filter(path__startswith=scope.path, children__isnull=True)
    counts: dict[tuple[int, str], int] = defaultdict(int)
    rows = (
        Report.objects.filter(period__in=periods, unit__in=units)
        .values_list("period_id", "status")
        .annotate(n=Count("id"))
    )
    for period_id, status, n in rows:
        counts[(period_id, status)] = n
    total = units.count()
    return [
        MonthSummary(
            period=period,
            units=total,
            reviewed=sum(counts[(period.pk, status)] for status in PUBLISHED),
            submitted=counts[(period.pk, Report.Status.SUBMITTED)],
        )
        for period in reversed(periods)
    ]


UNFINISHED = ("missing", Report.Status.DRAFT, Report.Status.RETURNED)


@dataclass(frozen=True)
class ChildProgress:
    """How far the reporting units below one child of a scope have come in a month."""

    unit: Unit
    units: int
    published: int  # approved or locked
    submitted: int  # waiting for review
    unfinished: int  # not reported, draft or sent back
    late: int


def progress_by_child(*, scope: Unit, progress: Iterable[UnitProgress]) -> list[ChildProgress]:
    """The month's completeness summed per child of the scope, in the children's order (one
    query for the children)."""
    children = list(scope.children.order_by("sort_order", "code"))
    index = {child.path: child for child in children}
    depth = len(scope.path)
    sums: dict[int, list[int]] = {child.pk: [0, 0, 0, 0, 0] for child in children}
    for item in progress:
        owner = item.unit.path[: depth + item.unit.path[depth:].find("/") + 1]
        child = index.get(owner)
        if child is None:
            continue
        row = sums[child.pk]
        row[0] += 1
        row[1] += item.status in PUBLISHED
        row[2] += item.status == Report.Status.SUBMITTED
        row[3] += item.status in UNFINISHED
        row[4] += item.late
    return [ChildProgress(child, *sums[child.pk]) for child in children if sums[child.pk][0]]


@dataclass(frozen=True)
class ProgressSummary:
    """A month's completeness in counts only: the scope's reporting units, their reports by
    status (``missing`` for no report), how many are late, and the same per child."""

    units: int
    counts: dict[str, int]
    late: int
    by_child: list[ChildProgress]


def progress_summary(
    *, period: Period, scope: Unit, today: datetime.date | None = None
) -> ProgressSummary:
    """How far the month has come, counted in the database per child of the scope: three
    queries whatever the number of units (a national page counts 2,844 counties)."""
    today = today or timezone.localdate()
    overdue = period.due_date is not None and today > period.due_date
    units, reports = period_progress_counts(period=period, scope=scope)
    counts: dict[str, int] = defaultdict(int)
    for (_, status), count in reports.items():
        counts[status] += count
    total = sum(units.values())
    counts["missing"] = total - sum(counts.values())
    by_child = []
    for child in scope.children.order_by("sort_order", "code"):
        below = units.get(child.code, 0)
        if not below:
            continue
        mine = {status: count for (code, status), count in reports.items() if code == child.code}
        unfinished = below - sum(mine.values()) + sum(mine.get(s, 0) for s in UNFINISHED)
        by_child.append(
            ChildProgress(
                unit=child,
                units=below,
                published=sum(mine.get(status, 0) for status in PUBLISHED),
                submitted=mine.get(Report.Status.SUBMITTED, 0),
                unfinished=unfinished,
                late=unfinished if overdue else 0,
            )
        )
    late = sum(counts[status] for status in UNFINISHED) if overdue else 0
    return ProgressSummary(units=total, counts=dict(counts), late=late, by_child=by_child)


def reporters_of(units: Iterable[Unit]) -> dict[int, list[Any]]:
    """Unit id → the people who report for it (one query)."""
    people: dict[int, list[Any]] = defaultdict(list)
    roles = Role.objects.filter(kind=Role.Kind.REPORTER, unit__in=list(units)).select_related(
        "user"
    )
    for role in roles.order_by("user__username"):
        people[role.unit_id].append(role.user)
    return people
