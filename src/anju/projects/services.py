"""Writing projects and their months: permission, checks, the trail of every change, and the
unit's figures summed again from its projects."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from anju.accounts.policy import can_write_report
from anju.errors import InvalidInput
from anju.modelparts import shown
from anju.programmes.models import Programme, Unit
from anju.programmes.spec.elements import PROJECT_FLOWS as FLOWS
from anju.projects.models import Project, ProjectChange, ProjectMonth
from anju.projects.reconcile import report_projects_sync
from anju.reporting.models import Period, Report
from anju.reporting.services import EDITABLE, closed_message, report_frozen, reports_figures
from anju.reporting.workflow import report_for

# The fields a project's form, file and API write (programme, unit and code name it).
FIELDS = (
    "name",
    "kind",
    "method",
    "address",
    "latitude",
    "longitude",
    "task_year",
    "planned_units",
    "area",
    "investment",
    "builder",
    "started_on",
    "basic_on",
    "completed_on",
    "status",
    "completion_year",
    "flats",
    "allocated",
    "occupied",
)
WEB = "form"


def _check_access(user: User | None, unit: Unit) -> None:
    if user is not None and not can_write_report(user, unit):
        raise PermissionDenied


def _record(
    project: Project,
    changes: Iterable[tuple[str, str, str]],
    *,
    user: User | None,
    channel: str,
    period: Period | None = None,
) -> None:
    """Keep each (field, old, new) of the project, or of its month, in its change history."""
    ProjectChange.objects.bulk_create(
        ProjectChange(
            project=project,
            period=period,
            field=name,
            old_value=old,
            new_value=new,
            user=user,
            channel=channel,
        )
        for name, old, new in changes
    )


def project_problems(data: Mapping[str, Any]) -> list[str]:
    """What is wrong with a project as a whole (each field is checked by its form first)."""
    problems = []
    flats, allocated, occupied = data.get("flats"), data.get("allocated"), data.get("occupied")
    if allocated is not None and flats is not None and allocated > flats:
        problems.append(
            _("已分配套数（%(a)s）不能多于建设套数（%(f)s）") % {"a": allocated, "f": flats}
        )
    if occupied is not None and allocated is not None and occupied > allocated:
        problems.append(
            _("已入住套数（%(o)s）不能多于已分配套数（%(a)s）") % {"o": occupied, "a": allocated}
        )
    if occupied is not None and flats is not None and occupied > flats:
        problems.append(
            _("已入住套数（%(o)s）不能多于建设套数（%(f)s）") % {"o": occupied, "f": flats}
        )
    dates = [(data.get(k), label) for k, label in DATE_LABELS]
    known = [(day, label) for day, label in dates if day is not None]
    for (earlier, first), (later, second) in itertools.pairwise(known):
        if later < earlier:
            problems.append(_("%(second)s不能早于%(first)s") % {"first": first, "second": second})
    return problems


DATE_LABELS = (
    ("started_on", "开工日期"),
    ("basic_on", "基本建成日期"),
    ("completed_on", "竣工日期"),
)


@transaction.atomic
def project_create(
    *,
    programme: Programme,
    unit: Unit,
    code: str,
    data: Mapping[str, Any],
    user: User | None,
    channel: str = WEB,
) -> Project:
    """Register a project of a unit in a programme; every field's first value is recorded."""
    _check_access(user, unit)
    problems = project_problems(data)
    if not unit.path.startswith(programme.scope.path):
        problems.append(
            _("%(unit)s不在%(programme)s的范围内") % {"unit": unit, "programme": programme}
        )
    elif not reports_figures(unit):
        problems.append(_("%(unit)s有下级单位，项目请登记在下级单位") % {"unit": unit})
    if Project.objects.filter(programme=programme, code=code).exists():
        problems.append(_("项目编号“%(code)s”已存在") % {"code": code})
    if problems:
        raise InvalidInput(problems)
    project = Project(programme=programme, unit=unit, code=code)
    for name in FIELDS:
        if name in data:
            setattr(project, name, data[name])
    project.save()
    values = {name: shown(getattr(project, name)) for name in FIELDS}
    firsts = [(name, "", value) for name, value in values.items() if value]
    _record(project, firsts, user=user, channel=channel)
    _sync_open_reports(project, user)
    return project


@transaction.atomic
def project_update(
    *,
    project: Project,
    data: Mapping[str, Any],
    user: User | None,
    expected_version: int | None = None,
    channel: str = WEB,
) -> Project:
    """Change a project's fields; each change is recorded (old → new). A writer holding an
    older version is refused rather than overwriting someone else's change."""
    project = Project.objects.select_for_update().select_related("unit").get(pk=project.pk)
    _check_access(user, project.unit)
    if expected_version is not None and expected_version != project.version:
        raise InvalidInput(
            [_("项目已被他人修改（当前版本%(v)s），请刷新后重新填写") % {"v": project.version}]
        )
    merged = {name: data.get(name, getattr(project, name)) for name in FIELDS}
    problems = project_problems(merged)
    if problems:
        raise InvalidInput(problems)
    changes = []
    for name in FIELDS:
        old, new = getattr(project, name), merged[name]
        if shown(old) != shown(new):
            setattr(project, name, new)
            changes.append((name, shown(old), shown(new)))
    if changes:
        project.version += 1
        project.save()
        _record(project, changes, user=user, channel=channel)
        _sync_open_reports(project, user)
    return project


def _sync_open_reports(project: Project, user: User | None) -> None:
    """The unit's figures summed again in its report of every month still open for reporting
    (a report nobody has started is started as a draft; one submitted is left as it is)."""
    periods = Period.objects.filter(programme=project.programme, status=Period.Status.OPEN)
    for period in periods.select_related("programme"):
        report_projects_sync(report=report_for(unit=project.unit, period=period), user=user)


def month_report_open(*, project: Project, period: Period, user: User | None) -> Report:
    """The unit's report of the month, once the user may change the project's month now (its
    flows, its photos): PermissionDenied, or InvalidInput saying why the month is closed."""
    _check_access(user, project.unit)
    if period.programme_id != project.programme_id:
        raise InvalidInput([_("%(period)s不属于该项目的计划") % {"period": period}])
    report = report_for(unit=project.unit, period=period)
    if report_frozen(report):
        raise InvalidInput([closed_message(period)])
    if report.status not in EDITABLE:
        raise InvalidInput(
            [
                _("%(unit)s %(period)s的报表%(status)s，项目进度不能修改；如需更正请联系管理员")
                % {"unit": project.unit, "period": period, "status": report.get_status_display()}
            ]
        )
    return report


@transaction.atomic
def project_month_save(
    *,
    project: Project,
    period: Period,
    flows: Mapping[str, Decimal],
    node: str,
    user: User | None,
    channel: str = WEB,
) -> ProjectMonth:
    """Store a project's month, entered with its unit's report: refused once that report has
    been submitted (it follows the report's draft → submit → review → lock), every change
    recorded, and the unit's figures summed again from its projects."""
    report = month_report_open(project=project, period=period, user=user)
    negative = [name for name in FLOWS if flows.get(name, Decimal(0)) < 0]
    if negative:
        raise InvalidInput([_("本期数不能为负数") + f"（{', '.join(negative)}）"])
    month, _created = ProjectMonth.objects.select_for_update().get_or_create(
        project=project, period=period
    )
    changes = []
    for name, new in [*((n, flows.get(n, getattr(month, n))) for n in FLOWS), ("node", node)]:
        old = getattr(month, name)
        if _created or shown(old) != shown(new):
            if not _created or new not in (None, "", Decimal(0)):
                changes.append((name, "" if _created else shown(old), shown(new)))
            setattr(month, name, new)
    if changes or _created:
        month.save()
        _record(project, changes, user=user, channel=channel, period=period)
        report_projects_sync(report=report, user=user)
        later = Report.objects.filter(
            unit=project.unit,
            period__programme=project.programme,
            period__month__gt=period.month,
            status__in=EDITABLE,
        ).select_related("period", "unit")
        for following in later.order_by("period__month"):  # 上期末 changed: so do theirs
            report_projects_sync(report=following, user=user)
    return month
