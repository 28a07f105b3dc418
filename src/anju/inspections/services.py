"""Recording inspections: rounds, their visits and the findings of each visit. Who may, what
is checked, and the trail of every change. The transitions of a finding are in .workflow."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from anju.accounts.policy import can_inspect
from anju.errors import InvalidInput
from anju.inspections.models import Finding, InspectionRound, Visit
from anju.inspections.trail import WEB, record
from anju.programmes.models import Programme, Unit
from anju.projects.models import Project


def _within(unit: Unit, scope: Unit) -> bool:
    return unit.path.startswith(scope.path)


def _outside(unit: Unit, round: InspectionRound) -> str:
    return _("%(unit)s不在本轮巡查的范围（%(scope)s）内") % {"unit": unit, "scope": round.scope}


def _check(user: User | None, scope: Unit) -> None:
    if user is not None and not can_inspect(user, scope):
        raise PermissionDenied


@transaction.atomic
def round_create(
    *,
    programme: Programme,
    scope: Unit,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    user: User | None,
    channel: str = WEB,
) -> InspectionRound:
    """Register a round of inspections of a programme over a scope."""
    _check(user, scope)
    fields = {}
    if not _within(scope, programme.scope):
        fields["scope"] = _("%(unit)s不在%(programme)s的范围内") % {
            "unit": scope,
            "programme": programme,
        }
    if ends_on < starts_on:
        fields["ends_on"] = _("结束日期不能早于开始日期（%(day)s）") % {"day": starts_on}
    if InspectionRound.objects.filter(programme=programme, name=name).exists():
        fields["name"] = _("巡查“%(name)s”已登记") % {"name": name}
    if fields:
        raise InvalidInput.by_field(fields)
    created = InspectionRound.objects.create(
        programme=programme, scope=scope, name=name, starts_on=starts_on, ends_on=ends_on
    )
    record(
        round=created,
        subject="round",
        changes=[
            ("name", "", name),
            ("scope", "", scope.name),
            ("starts_on", "", starts_on),
            ("ends_on", "", ends_on),
        ],
        user=user,
        channel=channel,
    )
    return created


@transaction.atomic
def visit_record(
    *,
    round: InspectionRound,
    unit: Unit,
    visited_on: datetime.date,
    user: User | None,
    project: Project | None = None,
    inspectors: Sequence[User] = (),
    inspector_names: str = "",
    channel: str = WEB,
) -> Visit:
    """A visit of the round to a unit in its scope (and one of the unit's projects)."""
    _check(user, round.scope)
    fields = {}
    if not _within(unit, round.scope):
        fields["unit"] = _outside(unit, round)
    if project is not None and (
        project.unit_id != unit.pk or project.programme_id != round.programme_id
    ):
        fields["project"] = _("项目“%(project)s”不是%(unit)s在本计划中的项目") % {
            "project": project,
            "unit": unit,
        }
    if not round.starts_on <= visited_on <= round.ends_on:
        fields["visited_on"] = _("巡查日期应在本轮巡查的起止日期（%(a)s至%(b)s）之间") % {
            "a": round.starts_on,
            "b": round.ends_on,
        }
    if not inspectors and not inspector_names.strip():
        fields["inspector_names"] = _("请填写巡查人员")
    if fields:
        raise InvalidInput.by_field(fields)
    visit = Visit.objects.create(
        round=round,
        unit=unit,
        project=project,
        visited_on=visited_on,
        inspector_names=inspector_names.strip(),
    )
    visit.inspectors.set(inspectors)
    names = "、".join([u.get_username() for u in inspectors] + [inspector_names.strip()])
    record(
        round=round,
        subject="visit",
        changes=[
            ("unit", "", unit.name),
            ("project", "", project.name if project else ""),
            ("visited_on", "", visited_on),
            ("inspectors", "", names.strip("、")),
        ],
        user=user,
        channel=channel,
    )
    return visit


@transaction.atomic
def finding_record(
    *,
    visit: Visit,
    what: str,
    requirement: str,
    severity: str,
    deadline: datetime.date,
    user: User | None,
    unit: Unit | None = None,
    carried_from: Finding | None = None,
    channel: str = WEB,
) -> Finding:
    """A problem found on a visit; ``unit`` is responsible for it (the visited unit unless
    named). ``carried_from`` is the same problem found in an earlier round and not put
    right: it is marked carried over, and this finding follows the problem from now on."""
    round = visit.round
    _check(user, round.scope)
    unit = unit or visit.unit
    fields = {}
    if not _within(unit, round.scope):
        fields["unit"] = _outside(unit, round)
    if severity not in Finding.Severity.values:
        fields["severity"] = _("严重程度应为一般、较重或严重")
    if deadline < visit.visited_on:
        fields["deadline"] = _("整改期限不能早于巡查日期（%(day)s）") % {"day": visit.visited_on}
    if carried_from is not None:
        earlier = Finding.objects.select_for_update().select_related("visit__round")
        carried_from = earlier.get(pk=carried_from.pk)
        problem = _carry_problem(carried_from, visit)
        if problem:
            fields["carried_from"] = problem
    if fields:
        raise InvalidInput.by_field(fields)
    finding = Finding.objects.create(
        visit=visit,
        unit=unit,
        what=what,
        requirement=requirement,
        severity=severity,
        deadline=deadline,
        carried_from=carried_from,
    )
    record(
        round=round,
        finding=finding,
        subject="finding",
        changes=[
            ("unit", "", unit.name),
            ("what", "", what),
            ("requirement", "", requirement),
            ("severity", "", finding.get_severity_display()),
            ("deadline", "", deadline),
            ("status", "", finding.get_status_display()),
            ("carried_from", "", f"#{carried_from.pk}" if carried_from else ""),
        ],
        user=user,
        channel=channel,
    )
    if carried_from is not None:
        old = carried_from.get_status_display()
        carried_from.status = Finding.Status.CARRIED
        carried_from.version += 1
        carried_from.save(update_fields=["status", "version"])
        record(
            round=carried_from.visit.round,
            finding=carried_from,
            subject="finding",
            changes=[
                ("status", old, carried_from.get_status_display()),
                ("carried_to", "", f"#{finding.pk} {round.name}"),
            ],
            user=user,
            channel=channel,
        )
    return finding


def _carry_problem(earlier: Finding, visit: Visit) -> str:
    """Why ``earlier`` cannot be carried into a finding of ``visit`` ("" when it can)."""
    if earlier.visit.round.programme_id != visit.round.programme_id:
        return _("上轮问题应属于同一计划")
    if earlier.visit.round_id == visit.round_id or earlier.visit.visited_on >= visit.visited_on:
        return _("上轮问题应是更早一轮巡查发现的问题")
    if earlier.status not in (Finding.Status.OPEN, Finding.Status.RECTIFYING):
        return _("上轮问题%(status)s，不能再转入本轮") % {"status": earlier.get_status_display()}
    return ""
