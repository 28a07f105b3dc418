"""Setting, approving and returning a unit's monthly plan: one home for the page, the API and
the file import.

Who may do what (accounts.policy): the unit's reporter and the office (an admin of the unit
or above) may write a plan; only the office approves. A version the office writes is in
force at once; a reporter's waits for approval, and a newer one from the same unit replaces a
waiting one (marked superseded, still kept).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from anju.accounts.policy import can_review, can_write_report
from anju.engine.figures import quote
from anju.engine.plans import plan_problems
from anju.engine.values import NA
from anju.errors import InvalidInput
from anju.plans.models import PlanFigure, PlanVersion
from anju.plans.selectors import plan_element, planned_elements, unit_targets
from anju.programmes.models import Programme, Unit
from anju.programmes.versions import data_changed

# element code → month → goal (None or absent: no goal for that month)
PlanInput = Mapping[str, Mapping[int, Decimal | None]]


def check_plan(programme: Programme, unit: Unit, figures: PlanInput, reason: str) -> PlanInput:
    """The plan as given, or InvalidInput naming every problem (by figure and month)."""
    elements = {element.code: element for element in planned_elements(programme)}
    problems: list[str] = []
    fields: dict[str, str] = {}
    for code in figures:
        if code not in elements:
            planned = "、".join(elements) or "（无）"
            problems.append(f"“{quote(code)}”不是按月计划的指标；可填写：{planned}")
    targets = unit_targets(programme, unit)
    for code, months in figures.items():
        if code not in elements:
            continue
        given = {month: value for month, value in months.items() if value is not None}
        found = plan_problems(
            plan_element(elements[code]),
            given,
            target=targets.get(code, NA),
            explained=bool(reason.strip()),
        )
        for month, message in found:
            problems.append(message)
            fields.setdefault(field_name(code, month), message)
    if not any(value is not None for months in figures.values() for value in months.values()):
        problems.append("计划为空：请至少填写一个月的计划数")
    if problems:
        raise InvalidInput(problems, fields)
    return figures


def field_name(code: str, month: int) -> str:
    """The form's and the API's name for one month's goal of one figure: ``pg_started_3``."""
    return f"{code}_{month}"


@transaction.atomic
def plan_save(
    *,
    user: User,
    unit: Unit,
    programme: Programme,
    figures: PlanInput,
    reason: str = "",
    channel: str = PlanVersion.Channel.FORM,
) -> PlanVersion:
    """Store a new version of the unit's plan (the whole plan: months not given have no
    goal). Checked whole: any problem refuses it all, each message naming the month."""
    if not can_write_report(user, unit):
        raise PermissionDenied(f"无权设置{unit.name}的月工作目标")
    check_plan(programme, unit, figures, reason)
    return store_plan(
        programme=programme,
        unit=unit,
        figures=figures,
        reason=reason,
        channel=channel,
        user=user,
        approved=can_review(user, unit),
    )


def store_plan(
    *,
    programme: Programme,
    unit: Unit,
    figures: PlanInput,
    reason: str,
    channel: str,
    user: User | None,
    approved: bool,
) -> PlanVersion:
    """Store a checked plan as the unit's next version (``approved``: set by the office)."""
    # Serialise versions of one unit's plan: the number is the next after the last.
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    versions = PlanVersion.objects.filter(programme=programme, unit=unit)
    last = versions.order_by("-number").values_list("number", flat=True).first() or 0
    now = timezone.now()
    versions.filter(status=PlanVersion.Status.SUBMITTED).update(
        status=PlanVersion.Status.SUPERSEDED
    )
    version = PlanVersion.objects.create(
        programme=programme,
        unit=unit,
        number=last + 1,
        status=PlanVersion.Status.APPROVED if approved else PlanVersion.Status.SUBMITTED,
        reason=reason.strip(),
        channel=channel,
        created_by=user,
        reviewed_by=user if approved else None,
        reviewed_at=now if approved else None,
    )
    elements = {element.code: element for element in planned_elements(programme)}
    PlanFigure.objects.bulk_create(
        PlanFigure(version=version, element=elements[code], month=month, value=value)
        for code, months in figures.items()
        for month, value in sorted(months.items())
        if value is not None
    )
    data_changed(programme_id=programme.pk)  # the dashboard's plan panel and plan columns
    return version


def _reviewed(version: PlanVersion, user: User, status: str, comment: str) -> PlanVersion:
    if not can_review(user, version.unit):
        raise PermissionDenied(f"无权审核{version.unit.name}的月工作目标")
    if version.status != PlanVersion.Status.SUBMITTED:
        raise InvalidInput([f"第{version.number}版{version.get_status_display()}，不能再审核"])
    version.status = status
    version.reviewed_by = user
    version.reviewed_at = timezone.now()
    version.review_comment = comment.strip()
    version.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"])
    data_changed(programme_id=version.programme_id)
    return version


@transaction.atomic
def plan_approve(*, user: User, version: PlanVersion, comment: str = "") -> PlanVersion:
    """The office approves a waiting version: it is the plan in force from now on."""
    return _reviewed(version, user, PlanVersion.Status.APPROVED, comment)


@transaction.atomic
def plan_return(*, user: User, version: PlanVersion, comment: str) -> PlanVersion:
    """The office sends a waiting version back with a comment the reporter reads."""
    if not comment.strip():
        raise InvalidInput(["退回时请填写退回意见"], {"comment": "退回时请填写退回意见"})
    return _reviewed(version, user, PlanVersion.Status.RETURNED, comment)
