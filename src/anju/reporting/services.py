"""Writes to periods, reports and their figures. Every change of a figure is recorded."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anju.errors import InvalidInput
from anju.programmes.models import DataElement, Programme, Unit
from anju.programmes.versions import data_changed
from anju.reporting.checks import check_entry, report_elements, values_written
from anju.reporting.models import Period, Report, ReportEvent, ReportValue, ValueChange


@transaction.atomic
def period_open(*, programme: Programme, month: int, due_date: Any = None) -> Period:
    """Open the month for reporting (again: only its due date changes, when one is given).
    A closed month is not reopened: each report concerned is unlocked with a reason."""
    period, created = Period.objects.get_or_create(
        programme=programme, month=month, defaults={"due_date": due_date}
    )
    if period.is_closed:
        raise InvalidInput([closed_message(period)])
    if not created and due_date is not None and due_date != period.due_date:
        period.due_date = due_date
        period.save(update_fields=["due_date"])
    data_changed(programme_id=programme.pk)
    return period


def closed_message(period: Period) -> str:
    return _("%(period)s已关闭，报表不能再修改；如需更正，请由管理员解锁并填写理由") % {
        "period": period
    }


@transaction.atomic
def period_close(*, period: Period, user: User | None = None) -> Period:
    """Close the month: its reviewed reports are locked, and from now on nothing changes
    without an admin's unlock, with a reason, of the report concerned. Refused while reports
    wait for review (approve or return them first)."""
    period = Period.objects.select_for_update().select_related("programme").get(pk=period.pk)
    if period.is_closed:
        raise InvalidInput([_("%(period)s已经关闭") % {"period": period}])
    reports = Report.objects.filter(period=period)
    waiting = reports.filter(status=Report.Status.SUBMITTED).order_by("unit__path")
    if waiting.exists():
        names = "、".join(r.unit.name for r in waiting.select_related("unit"))
        raise InvalidInput(
            [
                _("以下单位的报表已报送、尚未审核，请先审核或退回后再关闭：%(units)s")
                % {"units": names}
            ]
        )
    approved = list(reports.filter(status=Report.Status.APPROVED).values_list("pk", flat=True))
    reports.filter(pk__in=approved).update(status=Report.Status.LOCKED)
    ReportEvent.objects.bulk_create(
        ReportEvent(report_id=pk, action=ReportEvent.Action.LOCK, user=user, comment="月份关闭")
        for pk in approved
    )
    period.status, period.closed_at, period.closed_by = Period.Status.CLOSED, timezone.now(), user
    period.save(update_fields=["status", "closed_at", "closed_by"])
    data_changed(programme_id=period.programme_id)
    return period


def report_reopened(report: Report) -> bool:
    """In a closed month, whether an admin has unlocked this report since the month closed."""
    closed_at = report.period.closed_at
    return closed_at is not None and (
        report.pk is not None
        and ReportEvent.objects.filter(
            report=report, action=ReportEvent.Action.UNLOCK, at__gte=closed_at
        ).exists()
    )


def report_frozen(report: Report) -> bool:
    """The report is in a closed month and no admin has unlocked it since."""
    return report.period.is_closed and not report_reopened(report)


class StaleVersion(InvalidInput):
    """The report changed since the writer read it; nothing was stored."""

    def __init__(self, report: Report) -> None:
        self.report = report
        super().__init__(
            [
                _("%(unit)s的报表已被他人修改（当前版本%(version)s），请刷新后重新填写")
                % {"unit": report.unit, "version": report.version}
            ]
        )


EDITABLE = (Report.Status.DRAFT, Report.Status.RETURNED)


def reports_figures(unit: Unit) -> bool:
    """Whether the unit enters figures of its own. Tables sum a unit's subtree from its
    reporting units, so a figure stored on a unit with units below it would be counted
    nowhere: such a unit's own figures have their own unit (州本级)."""
    return not unit.has_units_below


def require_reporting_unit(unit: Unit) -> None:
    if not reports_figures(unit):
        raise InvalidInput(
            [_("%(unit)s有下级单位，数据由下级单位填报；本级数据请在本级单位填报") % {"unit": unit}]
        )


def report_store_values(
    *,
    report: Report,
    values: Mapping[str, object],
    user: User | None = None,
    channel: str,
    comment: str = "",
    expected_version: int | None = None,
    allow_any_status: bool = False,
    locked: bool = False,
) -> Report:
    """Store figures (element code → entered value) on a report, recording each change,
    inside the caller's transaction (``report_set_values`` is this in one of its own).

    Every figure is checked first, formats and declared rules; if any is wrong nothing is
    stored and InvalidInput lists each problem. A writer who read an older version of the
    report is refused (StaleVersion) rather than silently overwriting someone else.
    ``locked``: the caller read the report with its row locked in the enclosing transaction
    (``report_for(lock=True)``), so it is not read again.
    """
    if not locked:
        # The report's row only: locking its month's and unit's rows too would queue every
        # writer of the month behind each other for their whole transactions.
        report = (
            Report.objects.select_for_update(of=("self",))
            .select_related("period__programme", "unit")
            .get(pk=report.pk)
        )
    if expected_version is not None and report.version != expected_version:
        raise StaleVersion(report)
    require_reporting_unit(report.unit)
    if report_frozen(report):
        raise InvalidInput([closed_message(report.period)])
    if not allow_any_status and report.status not in EDITABLE:
        raise InvalidInput(
            [
                _("报表%(status)s，不能修改；如需更正请联系管理员")
                % {"status": report.get_status_display()}
            ]
        )
    # The programme's elements are read once for the check too (``report_elements``).
    codes = {element.pk: element.code for element in report_elements(report)}
    current = {codes[v.element_id]: v for v in report.values.all()}
    stored: dict[str, Decimal] = {code: v.value for code, v in current.items()}
    check = check_entry(report=report, values=values, stored=dict(stored))
    if not check.ok:
        raise InvalidInput.by_field(check.errors)
    _store(report, check.parsed, user, channel, comment, current)
    data_changed(programme_id=report.period.programme_id)
    for element, new in check.parsed.items():
        if new is None:
            stored.pop(element.code, None)
        else:
            stored[element.code] = new
    values_written(report, stored)
    return report


# ``report_store_values`` in a transaction of its own, or a savepoint within the caller's: the
# way to call it, except from a caller that holds its own (``report_write``).
report_set_values = transaction.atomic(report_store_values)


def _store(
    report: Report,
    values: Mapping[DataElement, Decimal | None],
    user: User | None,
    channel: str,
    comment: str,
    stored: Mapping[str, ReportValue],
) -> None:
    current = {v.element_id: v for v in stored.values()}
    changes: list[ValueChange] = []
    for element, new in values.items():
        existing = current.get(element.pk)
        old = existing.value if existing else None
        if old == new:
            continue
        if new is None:
            assert existing is not None
            existing.delete()
        elif existing is None:
            ReportValue.objects.create(report=report, element=element, value=new)
        else:
            existing.value = new
            existing.save(update_fields=["value"])
        changes.append(
            ValueChange(
                report=report,
                element=element,
                old_value=old,
                new_value=new,
                user=user,
                channel=channel,
                comment=comment,
            )
        )
    # A figure given is published: its code leaves the list of those not published.
    given = {element.code for element, new in values.items() if new is not None}
    still = [code for code in report.unpublished if code not in given]
    if changes or still != report.unpublished:
        ValueChange.objects.bulk_create(changes)
        report.unpublished = still
        report.version += 1
        report.save(update_fields=["version", "unpublished", "updated_at"])
