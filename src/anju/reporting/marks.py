"""What a report says about its figures besides their values: which it has not published
(暂未公布) and, for a unit that reported late, the date they run to.

A figure not published has no value stored (it is no figure, summed as nothing) and is
listed on its report; the tables print it as 暂未公布. A date earlier than the month's end
marks the unit's row and is named under the table.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace
from typing import Final

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from anju.engine import UnitValues
from anju.reporting.checks import actual_elements
from anju.reporting.models import Period, Report, ValueChange

__all__ = [
    "PREVIOUS_END",
    "UNPUBLISHED_WORDS",
    "as_of_problem",
    "as_of_text",
    "marks_problems",
    "report_mark",
    "resolve_as_of",
    "split_unpublished",
    "with_marks",
]

# What a figures file (or the API) writes in place of a figure not published.
UNPUBLISHED_WORDS: Final = frozenset({"暂未公布", "未公布"})
# What a figures file writes for "as of the previous month's end".
PREVIOUS_END: Final = frozenset({"上月末", "previous"})


def split_unpublished(values: Mapping[str, object]) -> tuple[dict[str, object], list[str]]:
    """The figures given and the codes written as not published (their figure cleared)."""
    marked = [
        code
        for code, value in values.items()
        if isinstance(value, str) and value.strip() in UNPUBLISHED_WORDS
    ]
    return {code: "" if code in marked else value for code, value in values.items()}, marked


def resolve_as_of(given: datetime.date | str, period: Period) -> datetime.date:
    """A date given, or the previous month's end for ``上月末``."""
    if isinstance(given, datetime.date):
        return given
    return period.end_date.replace(day=1) - datetime.timedelta(days=1)


def as_of_problem(as_of: datetime.date, period: Period) -> str | None:
    """Why the date cannot be the figures' date, or None: it must lie in the programme's
    year and before the end of the report's month (the month's end needs no date)."""
    end = period.end_date
    if as_of.year != end.year or as_of >= end:
        return _("数据截止日期%(date)s应早于%(end)s且在%(year)s年内") % {
            "date": as_of.isoformat(),
            "end": end.isoformat(),
            "year": end.year,
        }
    return None


def as_of_text(as_of: datetime.date | None) -> str:
    return "" if as_of is None else f"{as_of.month}月{as_of.day}日"


def report_mark(
    *,
    report: Report,
    unpublished: Collection[str],
    as_of: datetime.date | None,
    user: User | None,
    channel: str,
    comment: str = "",
) -> bool:
    """Set the report's figures not published and its date; each figure newly marked or
    unmarked is recorded in the audit trail. Whether anything changed. The caller has
    checked the codes (actual figures of the programme) and the date."""
    report.refresh_from_db(fields=["version", "unpublished", "as_of"])
    elements = actual_elements(report.period.programme_id)
    wanted = [code for code in elements if code in set(unpublished)]
    before = set(report.unpublished)
    changed = set(wanted) ^ before
    ValueChange.objects.bulk_create(
        ValueChange(
            report=report,
            element=elements[code],
            user=user,
            channel=channel,
            # Kept in the trail as the bulletin words it, whatever the reader's language.
            comment=("暂未公布" if code in wanted else "取消暂未公布")
            + (f"：{comment}" if comment else ""),
        )
        for code in sorted(changed)
        if code in elements
    )
    if not changed and report.as_of == as_of:
        return False
    report.unpublished = wanted
    report.as_of = as_of
    report.version += 1
    report.save(update_fields=["unpublished", "as_of", "version", "updated_at"])
    return True


def with_marks(
    units: list[UnitValues], *, period: Period, statuses: Iterable[str]
) -> list[UnitValues]:
    """The units with what their own reports of the month say: figures not published and an
    earlier date (a unit with lower units has no report of its own and is left as it is)."""
    marks = {
        code: (frozenset(unpublished), as_of_text(as_of))
        for code, unpublished, as_of in Report.objects.filter(
            period=period,
            status__in=list(statuses),
            unit__code__in=[unit.code for unit in units],
        ).values_list("unit__code", "unpublished", "as_of")
        if unpublished or as_of
    }
    return [
        replace(unit, unpublished=marks[unit.code][0], as_of=marks[unit.code][1])
        if unit.code in marks
        else unit
        for unit in units
    ]


def marks_problems(
    *,
    report: Report,
    figures: Mapping[str, object],
    unpublished: Collection[str] | None,
    as_of: datetime.date | None,
) -> dict[str, str]:
    """What is wrong with marks to set (by field: a figure's code, or ``as_of``): a code
    that is no figure of the programme, a figure both given and marked, a date not before
    the month's end."""
    elements = actual_elements(report.period.programme_id)
    fields: dict[str, str] = {}
    for code in unpublished or ():
        if code not in elements:
            fields[code] = _("“%(code)s”不是本计划的填报指标") % {"code": code}
        elif str(figures.get(code) or "").strip():
            fields[code] = _("%(name)s：已标为暂未公布，请清空数值或取消“暂未公布”") % {
                "name": elements[code].name
            }
    if as_of is not None and (problem := as_of_problem(as_of, report.period)):
        fields["as_of"] = problem
    return fields
