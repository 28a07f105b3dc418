"""A report's way through the month: draft → submitted → approved or returned → locked.

Each step is a service that checks the report's state, records an event (who, when, why) and
saves. Permission is the caller's business (``anju.accounts.policy``); the state rules are here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anju.errors import InvalidInput
from anju.programmes.models import Unit
from anju.reporting.checks import check_entry, current_values
from anju.reporting.models import Period, Report, ReportEvent

Status = Report.Status
Action = ReportEvent.Action


def report_for(*, unit: Unit, period: Period) -> Report:
    """The unit's report for the month, created as an empty draft the first time."""
    report, _ = Report.objects.select_related("period__programme", "unit").get_or_create(
        unit=unit, period=period
    )
    return report


def report_peek(*, unit: Unit, period: Period) -> Report:
    """The unit's report for the month to look at; unsaved (nothing written) if not started."""
    found = Report.objects.filter(unit=unit, period=period).select_related("period", "unit")
    return found.first() or Report(unit=unit, period=period)


def _refuse_unless(report: Report, allowed: Iterable[str], doing: str) -> None:
    if report.status not in tuple(allowed):
        raise InvalidInput(
            [
                _("%(unit)s的报表%(status)s，不能%(doing)s")
                % {"unit": report.unit, "status": report.get_status_display(), "doing": doing}
            ]
        )


def _record(report: Report, action: str, user: Any, comment: str = "") -> None:
    ReportEvent.objects.create(report=report, action=action, user=user, comment=comment)


@transaction.atomic
def report_submit(*, report: Report, user: Any, note: str = "") -> Report:
    """Submit for review: every error fixed, every warning explained in the note."""
    report = Report.objects.select_for_update().select_related("period", "unit").get(pk=report.pk)
    _refuse_unless(report, (Status.DRAFT, Status.RETURNED), _("报送"))
    values = {code: str(value) for code, value in current_values(report).items()}
    check = check_entry(report=report, values=values, submitting=True)
    problems = list(check.errors.values())
    if not values:
        problems.append(_("还没有填写任何数据"))
    if check.warnings and not note.strip():
        problems += [f"{message}" for message in check.warnings.values()]
        problems.append(_("以上情况需要在“填报说明”中写明原因后才能报送"))
    if problems:
        raise InvalidInput(problems)
    report.status, report.note, report.submitted_at = Status.SUBMITTED, note, timezone.now()
    report.version += 1
    report.save(update_fields=["status", "note", "submitted_at", "version", "updated_at"])
    _record(report, Action.SUBMIT, user, note)
    return report


@transaction.atomic
def report_approve(*, report: Report, user: Any, comment: str = "") -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    _refuse_unless(report, (Status.SUBMITTED,), _("审核通过"))
    report.status, report.reviewed_at, report.review_comment = (
        Status.APPROVED,
        timezone.now(),
        comment,
    )
    report.version += 1
    report.save(update_fields=["status", "reviewed_at", "review_comment", "version", "updated_at"])
    _record(report, Action.APPROVE, user, comment)
    return report


def reports_approve(*, reports: Iterable[Report], user: Any) -> list[Report]:
    """Approve many at once; all or none (a report no longer submitted stops the batch)."""
    with transaction.atomic():
        return [report_approve(report=report, user=user) for report in reports]


@transaction.atomic
def report_return(*, report: Report, user: Any, comment: str) -> Report:
    """Send back to the reporter with a comment they will see."""
    if not comment.strip():
        raise InvalidInput([_("退回时请填写意见，说明需要修改什么")])
    report = Report.objects.select_for_update().get(pk=report.pk)
    _refuse_unless(report, (Status.SUBMITTED, Status.APPROVED), _("退回"))
    report.status, report.reviewed_at, report.review_comment = (
        Status.RETURNED,
        timezone.now(),
        comment,
    )
    report.version += 1
    report.save(update_fields=["status", "reviewed_at", "review_comment", "version", "updated_at"])
    _record(report, Action.RETURN, user, comment)
    return report


@transaction.atomic
def report_unlock(*, report: Report, user: Any, reason: str) -> Report:
    """Reopen a locked report (its bulletin was issued) for correction; the reason is kept."""
    if not reason.strip():
        raise InvalidInput([_("解锁须填写理由")])
    report = Report.objects.select_for_update().get(pk=report.pk)
    _refuse_unless(report, (Status.LOCKED,), _("解锁"))
    report.status, report.review_comment = Status.RETURNED, reason
    report.version += 1
    report.save(update_fields=["status", "review_comment", "version", "updated_at"])
    _record(report, Action.UNLOCK, user, reason)
    return report
