"""报送 the reports an import has just stored, set-wise, as ``report_submit`` does one by one.

Each report gets the submit step's checks (its state, the month, the unit, every declared rule
with ``required`` among them, a note for every warning and every gap between a figure and the
unit's projects, ``reports_unexplained``): one refused stays a draft and says
why, exactly as the entry form's button would; the others become 已报送 with one event each,
their versions bumped, in a few statements whatever their number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from anju.national.bulk import bulk_load
from anju.programmes.models import Unit
from anju.programmes.versions import data_changed
from anju.projects.reconcile import Gap, gap_problems, reports_unexplained
from anju.reporting.checks import finding_text
from anju.reporting.excel.bulk import chunks, reopened, with_children
from anju.reporting.excel.common import ID_LIST_LIMIT, Ledger, ledger_load
from anju.reporting.models import Report, ReportEvent
from anju.reporting.services import closed_message
from anju.reporting.workflow import TRANSITIONS


@dataclass(frozen=True)
class SubmitOutcome:
    submitted: tuple[Report, ...]
    refused: tuple[tuple[str, tuple[str, ...]], ...]  # (unit name, why), nothing changed


def imported_submit(*, reports: Sequence[Report], user: User, scope: Unit) -> SubmitOutcome:
    """报送 the reports an import has just stored: one refused (an error, or a warning
    without a note) stays a draft and says why; the others are submitted."""
    if not reports:
        return SubmitOutcome((), ())
    with transaction.atomic():
        ids = [report.pk for report in reports]
        locked: dict[int, Report] = {}
        for chunk in chunks(ids):
            rows = Report.objects.select_for_update().filter(pk__in=chunk)
            locked.update({report.pk: report for report in rows.select_related("period", "unit")})
        ordered = [locked[pk] for pk in ids]
        period = ordered[0].period
        units = [report.unit for report in ordered]
        ledger = ledger_load(period=period, scope=scope, units=units, submitting=True)
        closed = _Closed(with_children(ids=[unit.pk for unit in units]), reopened(period, ids))
        gaps = imported_gaps(ordered, scope)
        submitted: list[Report] = []
        refused: list[tuple[str, tuple[str, ...]]] = []
        for report in ordered:
            problems = _problems(report, user, ledger, closed, gaps.get(report.pk, []))
            if problems:
                refused.append((report.unit.name, tuple(problems)))
            else:
                submitted.append(report)
        _store(submitted, user)
        data_changed(programme_id=period.programme_id)
    return SubmitOutcome(tuple(submitted), tuple(refused))


def imported_gaps(reports: Sequence[Report], scope: Unit) -> dict[int, list[Gap]]:
    """``reports_unexplained`` for reports of one month in the scope, with their notes."""
    if not reports:
        return {}
    units = (
        Q(unit_id__in=[report.unit_id for report in reports])
        if len(reports) <= ID_LIST_LIMIT
        else Q(unit__path__startswith=scope.path)
    )
    return reports_unexplained(
        period=reports[0].period,
        reports={report.pk: (report.unit_id, report.note) for report in reports},
        units=units,
    )


@dataclass(frozen=True)
class _Closed:
    with_children: set[int]  # unit ids
    reopened: set[int]  # report ids unlocked since their month closed


def _problems(
    report: Report, user: User, ledger: Ledger, closed: _Closed, gaps: Sequence[Gap]
) -> list[str]:
    """Why ``report_submit`` would refuse this report, in its order. The import has just
    written these drafts, so most of this cannot happen; it is checked all the same."""
    step = TRANSITIONS[ReportEvent.Action.SUBMIT]
    if not step.permitted(user, report.unit):
        return [_("您没有报送%(unit)s的权限") % {"unit": report.unit.name}]
    if report.period.is_closed and report.pk not in closed.reopened:
        return [closed_message(report.period)]
    if report.status not in step.sources:
        return [
            _("%(unit)s的报表%(status)s，不能%(doing)s")
            % {"unit": report.unit, "status": report.get_status_display(), "doing": step.label}
        ]
    if report.unit_id in closed.with_children:
        return [
            _("%(unit)s有下级单位，数据由下级单位填报；本级数据请在本级单位填报")
            % {"unit": report.unit}
        ]
    errors: dict[str, str] = {}
    warnings: dict[str, str] = {}
    for finding in ledger.findings(report.unit_id, {}):
        bucket = errors if finding.level == "error" else warnings
        bucket.setdefault(finding.element, finding_text(finding))
    problems = list(errors.values())
    if not ledger.current[report.unit_id]:
        problems.append(_("还没有填写任何数据"))
    if warnings and not report.note.strip():
        problems += list(warnings.values())
        problems.append(_("以上情况需要在“填报说明”中写明原因后才能报送"))
    return problems + gap_problems(report.unit, gaps)


def _store(reports: Sequence[Report], user: User) -> None:
    now = timezone.now()
    for chunk in chunks([report.pk for report in reports]):
        Report.objects.filter(pk__in=chunk).update(
            status=Report.Status.SUBMITTED,
            submitted_at=now,
            version=F("version") + 1,
            updated_at=now,
        )
    bulk_load(
        ReportEvent,
        {"action": ReportEvent.Action.SUBMIT, "user": user},
        ["report", "comment"],
        ((report.pk, report.note) for report in reports),
    )
    for report in reports:
        report.status, report.submitted_at, report.updated_at = Report.Status.SUBMITTED, now, now
        report.version += 1
