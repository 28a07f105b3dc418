"""Storing the national set: removing the previous one, saving the unit tree, and the rows of
periods, reports, targets and figures for the bulk loader."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone

from anju.bulletins.models import Bulletin, BulletinFile
from anju.errors import InvalidInput
from anju.national.bulk import bulk_load, db_value
from anju.national.figures import CountyFigures
from anju.national.programme import PROGRAMME_CODE
from anju.national.projectstore import projects_remove
from anju.national.tree import NATION_PATH, UnitPlan
from anju.programmes.models import Programme, Unit
from anju.reporting.models import (
    Period,
    Report,
    ReportEvent,
    ReportValue,
    SubtreeSum,
    ValueChange,
)

# Units per bulk_create batch.
BATCH_SIZE = 5_000


def programme_remove() -> None:
    """Delete the previous national programme with everything reported under it."""
    programme = Programme.objects.filter(code=PROGRAMME_CODE).first()
    if programme is None:
        return
    # Generated data has no archive to keep: its bulletins go with it.
    BulletinFile.objects.filter(bulletin__period__programme=programme).delete()
    Bulletin.objects.filter(period__programme=programme).delete()
    # The large tables first, one statement each; the ORM's cascade from the programme would
    # otherwise delete them in thousands of small batches.
    under = {"report__period__programme": programme}
    for model in (ReportValue, ValueChange, ReportEvent):
        model.objects.filter(**under).delete()
    SubtreeSum.objects.filter(period__programme=programme).delete()
    projects_remove(programme)
    programme.delete()


UNIT_FIELDS = ("name", "kind", "parent_id", "sort_order", "path", "depth")


def units_save(plans: Sequence[UnitPlan]) -> dict[str, int]:
    """Create or update the tree's units level by level (parents need ids first), then remove
    units left over from a larger earlier tree. Returns each unit's id by code."""
    wanted = {plan.code for plan in plans}
    elsewhere = Unit.objects.exclude(path__startswith=NATION_PATH).values_list("code", flat=True)
    if taken := sorted(wanted.intersection(elsewhere)):
        raise InvalidInput([f"单位代码“{code}”已被全国以外的单位使用" for code in taken[:10]])
    existing = {unit.code: unit for unit in Unit.objects.filter(path__startswith=NATION_PATH)}
    ids: dict[str, int] = {}
    for depth in range(4):
        units = [_unit(plan, existing.get(plan.code), ids) for plan in plans if plan.depth == depth]
        changed = [u for u in units if u.pk is not None and _differs(u, existing[u.code])]
        fields = [name.removesuffix("_id") for name in UNIT_FIELDS]
        Unit.objects.bulk_update(changed, fields, batch_size=BATCH_SIZE // 10)
        Unit.objects.bulk_create([u for u in units if u.pk is None], batch_size=BATCH_SIZE)
        ids.update((unit.code, unit.pk) for unit in units)
    stale = sorted((u for u in existing.values() if u.code not in wanted), key=lambda u: -u.depth)
    for unit in stale:  # deepest first: a unit's children protect it from deletion
        unit.delete()
    return ids


def _unit(plan: UnitPlan, current: Unit | None, ids: Mapping[str, int]) -> Unit:
    # bulk_create and bulk_update bypass unit_save: the plan carries the path and depth.
    return Unit(
        pk=current.pk if current else None,
        code=plan.code,
        name=plan.name,
        kind=plan.kind,
        parent_id=ids[plan.parent] if plan.parent else None,
        sort_order=plan.order,
        path=plan.path,
        depth=plan.depth,
    )


def _differs(unit: Unit, current: Unit) -> bool:
    return any(getattr(unit, name) != getattr(current, name) for name in UNIT_FIELDS)


def periods_create(programme: Programme, months: int) -> list[Period]:
    """Past months of the year: closed, each due on the 5th of the next month."""
    periods = []
    for month in range(1, months + 1):
        due = datetime.date(programme.year + month // 12, month % 12 + 1, 5)
        periods.append(
            Period(programme=programme, month=month, due_date=due, status=Period.Status.CLOSED)
        )
    return Period.objects.bulk_create(periods)


def _report_times(period: Period) -> tuple[Any, Any]:
    """Submitted on the 3rd day after the month's end, approved the next day; ready to store."""
    day = period.end_date + datetime.timedelta(days=3)
    submitted = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    reviewed = submitted + datetime.timedelta(days=1)
    return db_value(Report, "submitted_at", submitted), db_value(Report, "reviewed_at", reviewed)


def reports_create(periods: Sequence[Period], unit_ids: Sequence[int]) -> list[list[int]]:
    """An approved report per county and month; returns the report ids [county][month]."""
    times = [_report_times(period) for period in periods]
    bulk_load(
        Report,
        {"status": Report.Status.APPROVED},
        ("unit", "period", "submitted_at", "reviewed_at"),
        (
            (unit_id, period.pk, *stamps)
            for unit_id in unit_ids
            for period, stamps in zip(periods, times, strict=True)
        ),
    )
    created = Report.objects.filter(period__in=periods).values_list("unit_id", "period_id", "pk")
    ids = {(unit_id, period_id): pk for unit_id, period_id, pk in created}
    return [[ids[(unit_id, period.pk)] for period in periods] for unit_id in unit_ids]


def codes_check(figures: Sequence[CountyFigures], elements: Mapping[str, int]) -> None:
    """Every figure generated must be an element of the programme read from the demo file."""
    generated = {code for county in figures[:50] for code in county.targets}
    generated |= {code for county in figures[:50] for month in county.months for code in month}
    if unknown := sorted(generated - set(elements)):
        raise ValueError(f"the demo programme no longer defines {unknown}")


def target_rows(
    county_ids: Sequence[int], figures: Sequence[CountyFigures], elements: Mapping[str, int]
) -> Iterator[tuple[int, int, Decimal]]:
    for unit_id, county in zip(county_ids, figures, strict=True):
        for code, value in county.targets.items():
            yield unit_id, elements[code], value


def value_rows(
    report_ids: Sequence[Sequence[int]],
    figures: Sequence[CountyFigures],
    elements: Mapping[str, int],
) -> Iterator[tuple[int, int, Decimal]]:
    for reports, county in zip(report_ids, figures, strict=True):
        for report_id, month in zip(reports, county.months, strict=True):
            for code, value in month.items():
                yield report_id, elements[code], value
