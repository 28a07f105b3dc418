"""Reads of a report's own history: what changed since it was sent back, who changed it last."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from anju.engine import format_value
from anju.programmes.models import DataElement
from anju.reporting.models import Report, ReportEvent, ValueChange


@dataclass(frozen=True)
class FigureChange:
    """A figure as it stood when the report was sent back, and as it stands now."""

    element: str  # the figure's name
    before: str
    after: str


@dataclass(frozen=True)
class ChangesSinceReturn:
    returned: ReportEvent  # the return (or unlock) the report came back from
    changes: tuple[FigureChange, ...]  # in the programme's order of figures


def report_changes_since_return(report: Report) -> ChangesSinceReturn | None:
    """What changed in a report since it was last sent back (returned or unlocked), from the
    audit trail; None when it never was. A figure changed and changed back is not listed."""
    if report.pk is None:
        return None
    returned = (
        ReportEvent.objects.filter(
            report=report, action__in=[ReportEvent.Action.RETURN, ReportEvent.Action.UNLOCK]
        )
        .select_related("user")
        .order_by("-at", "-id")
        .first()
    )
    if returned is None:
        return None
    rows = ValueChange.objects.filter(report=report, at__gte=returned.at).select_related("element")
    first: dict[int, tuple[DataElement, Decimal | None]] = {}
    last: dict[int, Decimal | None] = {}
    for row in rows.order_by("at", "id"):
        first.setdefault(row.element_id, (row.element, row.old_value))
        last[row.element_id] = row.new_value
    changes = [
        FigureChange(element.name, _figure(element, before), _figure(element, last[pk]))
        for pk, (element, before) in sorted(first.items(), key=lambda item: item[1][0].order)
        if before != last[pk]
    ]
    return ChangesSinceReturn(returned=returned, changes=tuple(changes))


def _figure(element: DataElement, value: Decimal | None) -> str:
    return "" if value is None else format_value(value, element.places)


def report_last_writer(report: Report) -> tuple[Any, datetime.datetime] | None:
    """Who last changed the report (a figure or its state), and when; None if nobody has."""
    if report.pk is None:
        return None
    change = ValueChange.objects.filter(report=report).select_related("user").first()
    event = ReportEvent.objects.filter(report=report).select_related("user").first()
    newest = max(
        (row for row in (change, event) if row is not None), key=lambda row: row.at, default=None
    )
    return (newest.user, newest.at) if newest is not None else None
