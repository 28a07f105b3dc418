"""A report's figures and what it says about them, written together: the report page's and
the API's one way (figures, the figures not published, the date they run to)."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping

from django.contrib.auth.models import User
from django.db import transaction

from anju.errors import InvalidInput
from anju.programmes.versions import data_changed
from anju.reporting.marks import marks_problems, report_mark
from anju.reporting.models import Report
from anju.reporting.services import StaleVersion, report_store_values

__all__ = ["report_write"]


# Both callers hold a transaction of their own: no savepoint here or in the store (four
# queries fewer).
@transaction.atomic(savepoint=False)
def report_write(
    *,
    report: Report,
    figures: Mapping[str, object],
    unpublished: Collection[str] | None,
    as_of: datetime.date | None,
    keep_as_of: bool,
    user: User | None,
    channel: str,
    comment: str = "",
    expected_version: int | None = None,
    locked: bool = False,
) -> Report:
    """Store the figures (``report_store_values``) and set the figures not published and the
    date (``unpublished`` None and ``keep_as_of`` leave them as they are; ``locked`` as
    ``report_store_values``). Every problem of
    either is named at once (fields by code, or ``as_of``) and then nothing is stored."""
    marking = unpublished is not None or not keep_as_of  # anything asked of the marks?
    problems = (
        marks_problems(
            report=report,
            figures=figures,
            unpublished=unpublished,
            as_of=None if keep_as_of else as_of,
        )
        if marking
        else {}
    )
    try:
        report = report_store_values(
            report=report,
            values=figures,
            user=user,
            channel=channel,
            comment=comment,
            expected_version=expected_version,
            locked=locked,
        )
    except StaleVersion:
        raise
    except InvalidInput as error:
        if not problems:
            raise
        fields = {**error.fields, **problems}
        # The figures' problems, less those a mark's problem replaces, then the marks'.
        kept = [p for code, p in error.fields.items() if code not in problems]
        unfielded = [p for p in error.problems if p not in error.fields.values()]
        raise InvalidInput(unfielded + kept + list(problems.values()), fields=fields) from None
    if problems:
        raise InvalidInput.by_field(problems)
    if not marking:
        return report  # figures only: the marks stay as they are (a figure entered unmarks it)
    changed = report_mark(
        report=report,
        unpublished=report.unpublished if unpublished is None else unpublished,
        as_of=report.as_of if keep_as_of else as_of,
        user=user,
        channel=channel,
        comment=comment,
    )
    if changed:
        data_changed(programme_id=report.period.programme_id)
    return report
