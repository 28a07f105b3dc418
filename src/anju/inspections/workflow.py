"""A finding's states and every transition between them, in one place for pages, API and
files alike.

    open ──rectification──▶ rectifying ──accepted──▶ verified ──close──▶ closed
      ▲                          │
      └────────rejected──────────┘
    open / rectifying ──found again in a later round──▶ carried (see services.finding_record)

A finding past its deadline and not yet verified is overdue: read from the date asked about,
never stored, so it cannot go stale. An overdue finding can be escalated (约谈, 问责); the
escalation is recorded and the finding stays where it is until it is put right.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from anju.accounts.policy import can_rectify, can_verify
from anju.errors import InvalidInput
from anju.inspections.models import Escalation, Finding, Rectification
from anju.inspections.trail import WEB, record, today

UNRESOLVED = (Finding.Status.OPEN, Finding.Status.RECTIFYING)


def is_overdue(finding: Finding, on: datetime.date) -> bool:
    """Past its deadline on ``on`` and not put right (verified, closed) nor carried over."""
    return finding.status in UNRESOLVED and finding.deadline < on


def _locked(finding: Finding) -> Finding:
    return (
        Finding.objects.select_for_update()
        .select_related("visit__round", "unit")
        .get(pk=finding.pk)
    )


def _move(
    finding: Finding, status: str, user: User | None, channel: str, **dates: datetime.date
) -> None:
    old = finding.get_status_display()
    finding.status = status
    for name, day in dates.items():
        setattr(finding, name, day)
    finding.version += 1
    finding.save(update_fields=["status", "version", *dates])
    changes: list[tuple[str, object, object]] = [("status", old, finding.get_status_display())]
    changes += [(name, "", day) for name, day in dates.items()]
    record(
        round=finding.visit.round,
        finding=finding,
        subject="finding",
        changes=changes,
        user=user,
        channel=channel,
    )


def _refuse(field: str, message: str) -> InvalidInput:
    return InvalidInput.by_field({field: message})


@transaction.atomic
def rectification_submit(
    *,
    finding: Finding,
    measures: str,
    evidence: str,
    user: User | None,
    on: datetime.date | None = None,
    channel: str = WEB,
) -> Rectification:
    """The responsible unit says what it did: the finding waits for the office's verdict."""
    finding = _locked(finding)
    if user is not None and not can_rectify(user, finding.unit):
        raise PermissionDenied
    if finding.status != Finding.Status.OPEN:
        raise _refuse(
            "measures",
            _("该问题%(status)s，不能再报送整改情况") % {"status": finding.get_status_display()},
        )
    if not measures.strip():
        raise _refuse("measures", _("整改措施：必须填写"))
    on = on or today()
    if on < finding.visit.visited_on:
        raise _refuse("submitted_on", _("报送日期不能早于巡查日期"))
    rectification = Rectification.objects.create(
        finding=finding,
        measures=measures.strip(),
        evidence=evidence.strip(),
        submitted_by=user,
        submitted_on=on,
    )
    record(
        round=finding.visit.round,
        finding=finding,
        subject="rectification",
        changes=[
            ("measures", "", rectification.measures),
            ("evidence", "", rectification.evidence),
            ("submitted_on", "", on),
        ],
        user=user,
        channel=channel,
    )
    _move(finding, Finding.Status.RECTIFYING, user, channel)
    return rectification


@transaction.atomic
def rectification_decide(
    *,
    rectification: Rectification,
    accept: bool,
    reason: str,
    user: User | None,
    on: datetime.date | None = None,
    channel: str = WEB,
) -> Rectification:
    """The office accepts a rectification (the finding is verified) or rejects it with a
    reason the unit sees (the finding is open again, to be rectified anew)."""
    finding = _locked(rectification.finding)
    if user is not None and not can_verify(user, finding.unit):
        raise PermissionDenied
    rectification = Rectification.objects.select_for_update().get(pk=rectification.pk)
    if rectification.verdict != Rectification.Verdict.PENDING:
        raise _refuse(
            "verdict",
            _("该整改情况已核验（%(verdict)s），不能再次核验")
            % {"verdict": rectification.get_verdict_display()},
        )
    if not accept and not reason.strip():
        raise _refuse("reason", _("退回理由：退回时必须填写，告诉责任单位还需做什么"))
    on = on or today()
    if on < rectification.submitted_on:
        raise _refuse(
            "decided_on",
            _("核验日期不能早于报送日期（%(day)s）") % {"day": rectification.submitted_on},
        )
    old = rectification.get_verdict_display()
    rectification.verdict = (
        Rectification.Verdict.ACCEPTED if accept else Rectification.Verdict.REJECTED
    )
    rectification.reason = reason.strip()
    rectification.decided_by = user
    rectification.decided_on = on
    rectification.save()
    record(
        round=finding.visit.round,
        finding=finding,
        subject="rectification",
        changes=[
            ("verdict", old, rectification.get_verdict_display()),
            ("reason", "", rectification.reason),
        ],
        user=user,
        channel=channel,
    )
    if accept:
        _move(finding, Finding.Status.VERIFIED, user, channel, verified_on=on)
    else:
        _move(finding, Finding.Status.OPEN, user, channel)
    return rectification


@transaction.atomic
def finding_close(
    *, finding: Finding, user: User | None, on: datetime.date | None = None, channel: str = WEB
) -> Finding:
    """销号: the office closes a verified finding."""
    finding = _locked(finding)
    if user is not None and not can_verify(user, finding.unit):
        raise PermissionDenied
    if finding.status != Finding.Status.VERIFIED:
        raise _refuse(
            "status",
            _("该问题%(status)s，核验通过后才能销号") % {"status": finding.get_status_display()},
        )
    on = on or today()
    if finding.verified_on and on < finding.verified_on:
        raise _refuse("closed_on", _("销号日期不能早于核验日期"))
    _move(finding, Finding.Status.CLOSED, user, channel, closed_on=on)
    return finding


@transaction.atomic
def escalate(
    *,
    finding: Finding,
    kind: str,
    authority: str,
    note: str,
    user: User | None,
    on: datetime.date | None = None,
    channel: str = WEB,
) -> Escalation:
    """约谈 or 问责 over a finding overdue on the day it is decided."""
    finding = _locked(finding)
    if user is not None and not can_verify(user, finding.unit):
        raise PermissionDenied
    if kind not in Escalation.Kind.values:
        raise _refuse("kind", _("方式应为约谈或问责"))
    on = on or today()
    if not is_overdue(finding, on):
        raise _refuse(
            "kind",
            _("该问题在%(day)s未逾期（整改期限%(deadline)s，%(status)s），不能约谈或问责")
            % {"day": on, "deadline": finding.deadline, "status": finding.get_status_display()},
        )
    escalation = Escalation.objects.create(
        finding=finding,
        kind=kind,
        decided_on=on,
        decided_by=user,
        authority=authority.strip(),
        note=note.strip(),
    )
    record(
        round=finding.visit.round,
        finding=finding,
        subject="escalation",
        changes=[
            ("kind", "", escalation.get_kind_display()),
            ("decided_on", "", on),
            ("authority", "", escalation.authority),
            ("note", "", escalation.note),
        ],
        user=user,
        channel=channel,
    )
    return escalation
