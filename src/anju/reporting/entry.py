"""What the entry form shows for a report: each figure with last month's value and its target."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from anju.engine import NA, Value
from anju.programmes.entered import entered_measure, entered_text, to_entered
from anju.programmes.models import DataElement, Unit
from anju.reporting.checks import (
    check_entry,
    current_texts,
    current_values,
    previous_values,
    report_actual_elements,
    target_values,
)
from anju.reporting.models import Period, Report, ValueChange
from anju.reporting.workflow import report_for, report_peek
from anju.reporting.writes import report_write


@dataclass(frozen=True)
class EntryRow:
    element: DataElement
    entered: str  # what the input shows: the stored figure, or what the user typed
    previous: str
    target: str
    target_name: str
    error: str
    warning: str
    unpublished: bool = False  # ticked 暂未公布

    @property
    def measure(self) -> str:
        """The unit the figure is entered in: 万套 for an element entered in 万."""
        return entered_measure(self.element.measure, self.element.entered_in)

    @property
    def unpublished_field(self) -> str:
        return f"unp_{self.element.code}"

    @property
    def field(self) -> str:
        return f"fig_{self.element.code}"


def _text(element: DataElement, value: Value) -> str:
    return entered_text(value, element.places, element.entered_in) if value is not NA else ""


def entered_values(report: Report) -> dict[str, Value]:
    """The report's figures as they are entered (in 万 for an element entered in 万)."""
    elements = report_actual_elements(report)
    return {
        code: to_entered(value, elements[code].entered_in) if code in elements else value
        for code, value in current_values(report).items()
        if value is not NA
    }


def entry_rows(
    report: Report,
    *,
    entered: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    unpublished: Collection[str] | None = None,
) -> list[EntryRow]:
    """One row per reported figure; ``entered`` and ``errors`` re-show a refused submission."""
    stored = current_values(report)
    previous = previous_values(report)
    targets = target_values(report)
    warnings = {} if errors else _warnings(report, stored)
    marked = set(report.unpublished if unpublished is None else unpublished)
    rows = []
    for code, element in report_actual_elements(report).items():
        target = element.target
        rows.append(
            EntryRow(
                element=element,
                entered=(entered or {}).get(code, _text(element, stored.get(code, NA))),
                previous=_text(element, previous.get(code, NA)),
                target=_text(target, targets.get(target.code, NA)) if target else "",
                target_name=target.name if target else "",
                error=(errors or {}).get(code, ""),
                warning=warnings.get(code, ""),
                unpublished=code in marked,
            )
        )
    return rows


def _warnings(report: Report, stored: Mapping[str, Value]) -> dict[str, str]:
    values = current_texts(report) if stored else {}
    return check_entry(report=report, values=values).warnings if values else {}


def entry_save(
    *,
    unit: Unit,
    period: Period,
    user: User,
    figures: Mapping[str, str],
    note: str,
    version: int,
    unpublished: Collection[str] = (),
    as_of: datetime.date | None = None,
) -> Report:
    """Store the entry form's figures, read at ``version``; the note is their comment.

    A report nobody has started is created with its first figures, in their transaction: a
    refused save writes nothing, and a form with nothing in it starts nothing either.
    """
    with transaction.atomic():
        report = report_peek(unit=unit, period=period)
        started = any(text.strip() for text in figures.values()) or unpublished or as_of
        if report.pk is None and not started:
            return report
        return report_write(
            report=report if report.pk is not None else report_for(unit=unit, period=period),
            figures=figures,
            unpublished=unpublished,
            as_of=as_of,
            keep_as_of=False,
            user=user,
            channel=ValueChange.Channel.FORM,
            comment=note,
            expected_version=version,
        )
