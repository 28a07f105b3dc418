"""A report's way through the month: draft → submitted → approved or returned → locked.

Every step is one transition (``TRANSITIONS``) taken by ``_transition``: lock the row, check
the report's state and the user's permission, apply, bump the version, save, record the event
(who, when, why). The report page's buttons come from ``report_actions``, the same table.
A refused step writes nothing: a report nobody has started is only created inside the step's
transaction, so the refusal rolls it back with everything else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anju.accounts.policy import Person, can_review, can_write_report
from anju.errors import InvalidInput
from anju.programmes.models import Unit
from anju.programmes.versions import data_changed
from anju.projects.reconcile import unexplained_gaps
from anju.reporting.checks import check_entry, current_texts
from anju.reporting.models import Period, Report, ReportEvent
from anju.reporting.rollup import subtree_sums_follow
from anju.reporting.services import (
    EDITABLE,
    closed_message,
    report_frozen,
    reports_figures,
    require_reporting_unit,
)

Status = Report.Status
Action = ReportEvent.Action
UNLOCKABLE_WHEN_CLOSED = (Status.LOCKED, Status.DRAFT, Status.RETURNED)

# Applies the step to the locked report; returns the fields it changed.
Apply = Callable[[Report, str], list[str]]


@dataclass(frozen=True)
class Transition:
    action: str
    label: Promise  # the button, and the verb of a refusal ("不能审核通过")
    sources: tuple[str, ...]
    permitted: Callable[[Any, Unit], bool]
    apply: Apply
    needs_text: Promise | None = None  # the refusal when the comment or reason is blank


def report_for(*, unit: Unit, period: Period, lock: bool = False) -> Report:
    """The unit's report for the month, created as an empty draft the first time. Call it
    inside the transaction of the write it is for, so a refused write leaves nothing. With
    ``lock``, its row is locked until that transaction ends (as ``report_set_values`` locks
    it: the writer may then pass ``locked=True``)."""
    reports = Report.objects.select_for_update() if lock else Report.objects.all()
    report, _ = reports.get_or_create(unit=unit, period=period)
    report.unit, report.period = unit, period  # as the caller read them: nothing asked again
    return report


def report_peek(*, unit: Unit, period: Period) -> Report:
    """The unit's report for the month to look at; unsaved (nothing written) if not started."""
    found = Report.objects.filter(unit=unit, period=period).select_related("period", "unit")
    return found.first() or Report(unit=unit, period=period)


def report_editable(*, report: Report, user: Person) -> bool:
    """Whether the user may change the report's figures now: the entry page shows its inputs
    and the API says ``editable`` from this one answer. ``report_set_values`` refuses on the
    same three grounds: the status, the permission, and a unit with units below it (whose
    figures are the sums of theirs)."""
    return (
        report.status in EDITABLE
        and can_write_report(user, report.unit)
        and reports_figures(report.unit)
    )


def report_actions(*, report: Report, user: Person) -> list[str]:
    """The steps this user may take on this report now (the page shows their buttons)."""
    frozen = report_frozen(report)
    return [
        step.action
        for step in TRANSITIONS.values()
        if _applies(step, report, frozen)
        and step.permitted(user, report.unit)
        and (step.action != Action.SUBMIT or reports_figures(report.unit))
    ]


def _applies(step: Transition, report: Report, frozen: bool) -> bool:
    """Whether the step can be taken from the report's state. In a closed month only an
    unlock (with its reason) can, from any state the reporter could otherwise change."""
    if not frozen:
        return report.status in step.sources
    return step.action == Action.UNLOCK and report.status in UNLOCKABLE_WHEN_CLOSED


def report_submit(*, report: Report, user: User, note: str = "") -> Report:
    """Submit for review: every error fixed, every warning explained in the note."""
    return _transition(report, Action.SUBMIT, user, note)


def report_approve(*, report: Report, user: User, comment: str = "") -> Report:
    return _transition(report, Action.APPROVE, user, comment)


def reports_approve(*, reports: Iterable[Report], user: User) -> list[Report]:
    """Approve many at once; all or none (a report no longer submitted stops the batch).

    Every report is locked first, in one statement and in key order: each approval then takes
    the subtree sums' rows and a version counter while holding no wait on another report, so
    a concurrent approval of one of these reports waits instead of deadlocking with us."""
    reports = list(reports)
    with transaction.atomic():
        keys = [report.pk for report in reports if report.pk is not None]
        list(Report.objects.select_for_update(of=("self",)).filter(pk__in=keys).order_by("pk"))
        return [report_approve(report=report, user=user) for report in reports]


def report_return(*, report: Report, user: User, comment: str) -> Report:
    """Send back to the reporter with a comment they will see."""
    return _transition(report, Action.RETURN, user, comment)


def report_unlock(*, report: Report, user: User, reason: str) -> Report:
    """Reopen a locked report (its bulletin was issued) for correction; the reason is kept."""
    return _transition(report, Action.UNLOCK, user, reason)


@transaction.atomic
def _transition(report: Report, action: str, user: User, text: str) -> Report:
    step = TRANSITIONS[action]
    if step.needs_text is not None and not text.strip():
        raise InvalidInput([str(step.needs_text)])
    report = _locked(report)
    # None is the system itself (demo data, imports run by the office's own scripts).
    if user is not None and not step.permitted(user, report.unit):
        raise PermissionDenied
    frozen = report_frozen(report)
    if frozen and action != Action.UNLOCK:
        raise InvalidInput([closed_message(report.period)])
    if not _applies(step, report, frozen):
        raise InvalidInput(
            [
                _("%(unit)s的报表%(status)s，不能%(doing)s")
                % {"unit": report.unit, "status": report.get_status_display(), "doing": step.label}
            ]
        )
    fields = step.apply(report, text)
    subtree_sums_follow(report=report)  # before the save: compares with the stored status
    report.version += 1
    report.save(update_fields=[*fields, "version", "updated_at"])
    ReportEvent.objects.create(report=report, action=action, user=user, comment=text)
    data_changed(programme_id=report.period.programme_id)
    return report


def _locked(report: Report) -> Report:
    """The report's row, locked until the transaction ends; created (inside it) if new."""
    if report.pk is None:
        report = report_for(unit=report.unit, period=report.period)
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("period", "unit")
        .get(pk=report.pk)
    )


def _submit(report: Report, note: str) -> list[str]:
    require_reporting_unit(report.unit)
    values = current_texts(report)
    check = check_entry(report=report, values=values, submitting=True)
    # A figure marked not published (暂未公布) is answered: "required" asks no more of it.
    marked = set(report.unpublished) - set(values)
    problems = [message for code, message in check.errors.items() if code not in marked]
    if not values and not marked:
        problems.append(_("还没有填写任何数据"))
    if check.warnings and not note.strip():
        problems += [f"{message}" for message in check.warnings.values()]
        problems.append(_("以上情况需要在“填报说明”中写明原因后才能报送"))
    problems += unexplained_gaps(report=report, note=note)
    if problems:
        raise InvalidInput(problems)
    report.status, report.note, report.submitted_at = Status.SUBMITTED, note, timezone.now()
    return ["status", "note", "submitted_at"]


def _review(status: str) -> Apply:
    def apply(report: Report, comment: str) -> list[str]:
        # An approval in a closed month locks again: the next change needs another unlock.
        if status == Status.APPROVED and report.period.is_closed:
            report.status = Status.LOCKED
        else:
            report.status = status
        report.reviewed_at, report.review_comment = timezone.now(), comment
        return ["status", "reviewed_at", "review_comment"]

    return apply


def _unlock(report: Report, reason: str) -> list[str]:
    report.status, report.review_comment = Status.RETURNED, reason
    return ["status", "review_comment"]


TRANSITIONS: dict[str, Transition] = {
    step.action: step
    for step in (
        Transition(
            Action.SUBMIT,
            gettext_lazy("报送"),
            (Status.DRAFT, Status.RETURNED),
            can_write_report,
            _submit,
        ),
        Transition(
            Action.APPROVE,
            gettext_lazy("审核通过"),
            (Status.SUBMITTED,),
            can_review,
            _review(Status.APPROVED),
        ),
        Transition(
            Action.RETURN,
            gettext_lazy("退回"),
            (Status.SUBMITTED, Status.APPROVED),
            can_review,
            _review(Status.RETURNED),
            needs_text=gettext_lazy("退回时请填写意见，说明需要修改什么"),
        ),
        Transition(
            Action.UNLOCK,
            gettext_lazy("解锁"),
            (Status.LOCKED,),
            can_review,
            _unlock,
            needs_text=gettext_lazy("解锁须填写理由"),
        ),
    )
}
