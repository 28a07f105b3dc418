"""专项巡查: a unit's findings and rounds, a round with its visits and findings, a finding
with its rectifications, escalations and history; recording each of them and a finding's
transitions. The same selectors, services, workflow and policy as the pages."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from django.http import HttpRequest
from ninja import Router
from ninja.params.functions import Path

from anju.accounts.policy import can_inspect, can_rectify, can_verify, can_view_inspections
from anju.api.inspection_schemas import (
    EscalationIn,
    FindingDetailOut,
    FindingIn,
    RectificationIn,
    RoundDetailOut,
    RoundIn,
    UnitFindingsOut,
    VerdictIn,
    VisitIn,
)
from anju.api.places import Check, caller, find_unit, require
from anju.api.routes.common import READ_ERRORS, WRITE_ERRORS, UnitCode
from anju.errors import InvalidInput, NotFound
from anju.inspections.models import Finding, InspectionRound
from anju.inspections.selectors import (
    FindingRow,
    finding_find,
    finding_history,
    finding_rectifications,
    round_find,
    round_findings,
    rounds_of,
    unit_findings,
)
from anju.inspections.services import finding_record, round_create, visit_record
from anju.inspections.trail import today
from anju.inspections.workflow import (
    escalate,
    finding_close,
    is_overdue,
    rectification_decide,
    rectification_submit,
)
from anju.programmes.models import Programme, Unit
from anju.projects.models import Project

router = Router(tags=["inspections"])

READ_REFUSAL = "无权查看{unit}的巡查"
INSPECT_REFUSAL = "无权登记{unit}的巡查"
RECTIFY_REFUSAL = "只有{unit}的填报人员可以报送整改情况"
VERIFY_REFUSAL = "只有{unit}的上级管理员可以核验、销号或约谈问责"
Id = Annotated[int, Path(ge=1, le=2**31 - 1, description="id", example=1)]
API = "api"
Found = TypeVar("Found")


def _finding(row: FindingRow) -> dict[str, Any]:
    f = row.finding
    return {
        "id": f.pk,
        "round": f.visit.round_id,
        "round_name": f.visit.round.name,
        "unit": f.unit.code,
        "unit_name": f.unit.name,
        "what": f.what,
        "requirement": f.requirement,
        "severity": f.severity,
        "deadline": f.deadline,
        "status": f.status,
        "status_name": f.get_status_display(),
        "overdue": row.overdue,
        "carried_from": f.carried_from_id,
        "verified_on": f.verified_on,
        "closed_on": f.closed_on,
    }


def _round(r: InspectionRound) -> dict[str, Any]:
    return {
        "id": r.pk,
        "programme": r.programme.code,
        "scope": r.scope.code,
        "name": r.name,
        "starts_on": r.starts_on,
        "ends_on": r.ends_on,
    }


def _present(found: Found | None, field: str, message: str) -> Found:
    """What the payload's ``field`` names; 422 with ``message`` when there is no such thing."""
    if found is None:
        raise InvalidInput.by_field({field: message})
    return found


def _unit(code: str, field: str) -> Unit:
    return _present(Unit.objects.filter(code=code).first(), field, f"单位代码“{code}”不存在")


@router.get(
    "/inspections/{unit}",
    summary="A unit's findings and rounds",
    response={200: UnitFindingsOut, **READ_ERRORS},
)
def unit_inspections_get(request: HttpRequest, unit: UnitCode) -> dict[str, Any]:
    """The findings the unit or a unit below it is responsible for, overdue and open first,
    and the rounds over it."""
    found = find_unit(request, unit, can_view_inspections, READ_REFUSAL)
    return {
        "unit": found.code,
        "findings": [_finding(row) for row in unit_findings(found, today())],
        "rounds": [_round(r) for r in rounds_of(found)],
    }


@router.post(
    "/inspections/{unit}/rounds",
    summary="Register an inspection round over a unit",
    response={200: RoundDetailOut, **WRITE_ERRORS},
)
def round_post(request: HttpRequest, unit: UnitCode, payload: RoundIn) -> dict[str, Any]:
    scope = find_unit(request, unit, can_inspect, INSPECT_REFUSAL)
    programme = _present(
        Programme.objects.filter(code=payload.programme).first(),
        "programme",
        f"计划“{payload.programme}”不存在",
    )
    made = round_create(
        programme=programme,
        scope=scope,
        name=payload.name,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        user=caller(request),
        channel=API,
    )
    return _round_detail(made)


def _round_detail(r: InspectionRound) -> dict[str, Any]:
    visits = r.visits.select_related("unit", "project").prefetch_related("inspectors")
    return {
        **_round(r),
        "visits": [
            {
                "id": v.pk,
                "unit": v.unit.code,
                "project": v.project.code if v.project else None,
                "visited_on": v.visited_on,
                "inspectors": [u.get_username() for u in v.inspectors.all()]
                + ([v.inspector_names] if v.inspector_names else []),
            }
            for v in visits
        ],
        "findings": [_finding(row) for row in round_findings(r, today())],
    }


def _allowed(
    request: HttpRequest, found: Found, unit: Unit, check: Check | None, refusal: str
) -> Found:
    """``found``, once the caller may see the inspections of ``unit`` and, given ``check``,
    make the change asked there."""
    require(request, unit, can_view_inspections, READ_REFUSAL)
    if check is not None:
        require(request, unit, check, refusal)
    return found


def _readable_round(
    request: HttpRequest, pk: int, check: Check | None = None, refusal: str = ""
) -> InspectionRound:
    found = round_find(pk)
    return _allowed(request, found, found.scope, check, refusal)


@router.get(
    "/inspection-rounds/{round}",
    summary="A round with its visits and findings",
    response={200: RoundDetailOut, **READ_ERRORS},
)
def round_get(request: HttpRequest, round: Id) -> dict[str, Any]:
    return _round_detail(_readable_round(request, round))


@router.post(
    "/inspection-rounds/{round}/visits",
    summary="Record a visit of a round",
    response={200: RoundDetailOut, **WRITE_ERRORS},
)
def visit_post(request: HttpRequest, round: Id, payload: VisitIn) -> dict[str, Any]:
    found = _readable_round(request, round, can_inspect, INSPECT_REFUSAL)
    unit = _unit(payload.unit, "unit")
    project = None
    if payload.project is not None:
        project = _present(
            Project.objects.filter(programme=found.programme, code=payload.project).first(),
            "project",
            f"项目编号“{payload.project}”不存在",
        )
    user = caller(request)
    visit_record(
        round=found,
        unit=unit,
        project=project,
        visited_on=payload.visited_on,
        inspectors=[user] if payload.with_me else [],
        inspector_names=payload.inspector_names,
        user=user,
        channel=API,
    )
    return _round_detail(found)


@router.post(
    "/inspection-rounds/{round}/findings",
    summary="Record a finding of a visit",
    response={200: FindingDetailOut, **WRITE_ERRORS},
)
def finding_post(request: HttpRequest, round: Id, payload: FindingIn) -> dict[str, Any]:
    found = _readable_round(request, round, can_inspect, INSPECT_REFUSAL)
    visit = _present(found.visits.filter(pk=payload.visit).first(), "visit", "本轮巡查没有这次走访")
    earlier = None
    if payload.carried_from is not None:
        earlier = _present(
            Finding.objects.filter(pk=payload.carried_from).first(),
            "carried_from",
            "上轮问题不存在",
        )
    made = finding_record(
        visit=visit,
        unit=_unit(payload.unit, "unit") if payload.unit is not None else None,
        what=payload.what,
        requirement=payload.requirement,
        severity=payload.severity,
        deadline=payload.deadline,
        carried_from=earlier,
        user=caller(request),
        channel=API,
    )
    return _finding_now(made)


def _finding_detail(f: Finding) -> dict[str, Any]:
    return {
        **_finding(FindingRow(f, is_overdue(f, today()))),
        "rectifications": [
            {
                "id": r.pk,
                "measures": r.measures,
                "evidence": r.evidence,
                "submitted_on": r.submitted_on,
                "submitted_by": r.submitted_by.get_username() if r.submitted_by else None,
                "verdict": r.verdict,
                "reason": r.reason,
                "decided_on": r.decided_on,
            }
            for r in finding_rectifications(f)
        ],
        "escalations": [
            {"kind": e.kind, "decided_on": e.decided_on, "authority": e.authority, "note": e.note}
            for e in f.escalations.all()
        ],
        "history": [
            {
                "at": c.at,
                "user": c.user.get_username() if c.user else None,
                "subject": c.subject,
                "field": c.field,
                "old": c.old_value,
                "new": c.new_value,
            }
            for c in finding_history(f)
        ],
    }


def _finding_now(found: Finding) -> dict[str, Any]:
    """The finding's detail as a change has left it."""
    return _finding_detail(finding_find(found.pk))


def readable_finding(
    request: HttpRequest, pk: int, check: Check | None = None, refusal: str = ""
) -> Finding:
    found = finding_find(pk)
    return _allowed(request, found, found.unit, check, refusal)


@router.get(
    "/findings/{finding}",
    summary="A finding with its rectifications, escalations and history",
    response={200: FindingDetailOut, **READ_ERRORS},
)
def finding_get(request: HttpRequest, finding: Id) -> dict[str, Any]:
    return _finding_detail(readable_finding(request, finding))


@router.post(
    "/findings/{finding}/rectifications",
    summary="Report a finding's rectification (the responsible unit's reporters)",
    response={200: FindingDetailOut, **WRITE_ERRORS},
)
def rectification_post(
    request: HttpRequest, finding: Id, payload: RectificationIn
) -> dict[str, Any]:
    found = readable_finding(request, finding, can_rectify, RECTIFY_REFUSAL)
    rectification_submit(
        finding=found,
        measures=payload.measures,
        evidence=payload.evidence,
        user=caller(request),
        channel=API,
    )
    return _finding_now(found)


@router.post(
    "/findings/{finding}/verdict",
    summary="Accept or reject a rectification (the office)",
    response={200: FindingDetailOut, **WRITE_ERRORS},
)
def verdict_post(request: HttpRequest, finding: Id, payload: VerdictIn) -> dict[str, Any]:
    found = readable_finding(request, finding, can_verify, VERIFY_REFUSAL)
    rectification = found.rectifications.filter(pk=payload.rectification).first()
    if rectification is None:
        raise NotFound("该问题没有这条整改情况")
    rectification_decide(
        rectification=rectification,
        accept=payload.verdict == "accepted",
        reason=payload.reason,
        user=caller(request),
        channel=API,
    )
    return _finding_now(found)


@router.post(
    "/findings/{finding}/close",
    summary="Close (销号) a verified finding (the office)",
    response={200: FindingDetailOut, **WRITE_ERRORS},
)
def close_post(request: HttpRequest, finding: Id) -> dict[str, Any]:
    found = readable_finding(request, finding, can_verify, VERIFY_REFUSAL)
    finding_close(finding=found, user=caller(request), channel=API)
    return _finding_now(found)


@router.post(
    "/findings/{finding}/escalations",
    summary="Record 约谈 or 问责 over an overdue finding (the office)",
    response={200: FindingDetailOut, **WRITE_ERRORS},
)
def escalation_post(request: HttpRequest, finding: Id, payload: EscalationIn) -> dict[str, Any]:
    found = readable_finding(request, finding, can_verify, VERIFY_REFUSAL)
    escalate(
        finding=found,
        kind=payload.kind,
        authority=payload.authority,
        note=payload.note,
        user=caller(request),
        channel=API,
    )
    return _finding_now(found)
