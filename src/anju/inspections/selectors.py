"""Reading inspections: a unit's findings (overdue and open first), a round's visits and
findings, the dashboard's panel per unit and the bulletin's counts on a given day."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from anju.engine.findings import InspectionFacts, OverdueFinding
from anju.errors import NotFound
from anju.inspections.models import Finding, InspectionChange, InspectionRound, Rectification
from anju.inspections.workflow import UNRESOLVED, is_overdue
from anju.programmes.models import Programme, Unit

# Where a finding stands in a list: the overdue first, then the rest unresolved, then done.
ORDER = {
    Finding.Status.OPEN: 1,
    Finding.Status.RECTIFYING: 1,
    Finding.Status.VERIFIED: 2,
    Finding.Status.CLOSED: 3,
    Finding.Status.CARRIED: 4,
}


@dataclass(frozen=True)
class FindingRow:
    finding: Finding
    overdue: bool


def _findings() -> QuerySet[Finding]:
    return Finding.objects.select_related("unit", "visit__round", "visit__unit", "visit__project")


def finding_rows(findings: QuerySet[Finding], on: datetime.date) -> list[FindingRow]:
    rows = [FindingRow(f, is_overdue(f, on)) for f in findings]
    return sorted(
        rows,
        key=lambda r: (not r.overdue, ORDER[Finding.Status(r.finding.status)], r.finding.deadline),
    )


def unit_findings(unit: Unit, on: datetime.date) -> list[FindingRow]:
    """The findings a unit or a unit below it is responsible for: overdue first, then open."""
    return finding_rows(_findings().filter(unit__path__startswith=unit.path), on)


def rounds_of(unit: Unit) -> QuerySet[InspectionRound]:
    """Rounds over the unit, over a unit above it or over one below it."""
    return (
        InspectionRound.objects.filter(
            Q(scope__path__in=unit.ancestor_paths) | Q(scope__path__startswith=unit.path)
        )
        .select_related("programme", "scope")
        .order_by("-starts_on", "-id")
    )


def round_find(pk: int) -> InspectionRound:
    found = InspectionRound.objects.select_related("programme", "scope").filter(pk=pk).first()
    if found is None:
        raise NotFound(f"巡查轮次{pk}不存在")
    return found


def finding_find(pk: int) -> Finding:
    found = _findings().filter(pk=pk).first()
    if found is None:
        raise NotFound(f"问题{pk}不存在")
    return found


def round_findings(round: InspectionRound, on: datetime.date) -> list[FindingRow]:
    return finding_rows(_findings().filter(visit__round=round), on)


def finding_history(finding: Finding) -> QuerySet[InspectionChange]:
    return finding.changes.select_related("user").order_by("-at", "-id")


def finding_rectifications(finding: Finding) -> QuerySet[Rectification]:
    return finding.rectifications.select_related("submitted_by", "decided_by").order_by("id")


@dataclass(frozen=True)
class PanelRow:
    unit_code: str
    unit_name: str
    unresolved: int
    overdue: int


def findings_panel(*, scope: Unit, on: datetime.date) -> tuple[PanelRow, ...]:
    """Per unit of the scope with findings not yet put right: how many, and how many overdue
    on ``on``; the most overdue first."""
    unresolved = _findings().filter(unit__path__startswith=scope.path, status__in=UNRESOLVED)
    counts: Counter[tuple[str, str, str]] = Counter()
    late: Counter[str] = Counter()
    for finding in unresolved:
        key = (finding.unit.path, finding.unit.code, finding.unit.name)
        counts[key] += 1
        late[finding.unit.code] += is_overdue(finding, on)
    rows = [PanelRow(code, name, n, late[code]) for (_, code, name), n in counts.items()]
    order = {code: path for path, code, _ in counts}
    return tuple(sorted(rows, key=lambda r: (-r.overdue, -r.unresolved, order[r.unit_code])))


def inspection_facts(*, programme: Programme, scope: Unit, on: datetime.date) -> InspectionFacts:
    """The scope's findings in the programme's rounds as they stood at the end of ``on``: a
    problem carried into a later round counts once, and stands as its latest finding."""
    found = list(
        _findings()
        .filter(
            visit__round__programme=programme,
            unit__path__startswith=scope.path,
            visit__visited_on__lte=on,
        )
        .prefetch_related("escalations")
        .order_by("deadline", "unit__path", "id")
    )
    followed = {f.carried_from_id for f in found if f.carried_from_id is not None}
    latest = [f for f in found if f.pk not in followed]
    rectified = [f for f in latest if f.verified_on is not None and f.verified_on <= on]
    overdue = [
        f for f in latest if f.deadline < on and (f.verified_on is None or f.verified_on > on)
    ]
    by_pk = {f.pk: f for f in found}

    def escalated_in_chain(finding: Finding | None) -> bool:
        while finding is not None:
            if any(e.decided_on <= on for e in finding.escalations.all()):
                return True
            finding = by_pk.get(finding.carried_from_id or 0)
        return False

    escalated = [f for f in latest if escalated_in_chain(f)]
    return InspectionFacts(
        found=len(latest),
        rectified=len(rectified),
        escalated=len(escalated),
        overdue_findings=tuple(
            OverdueFinding(
                unit=f.unit.name,
                what=f.what,
                requirement=f.requirement,
                deadline=f"{f.deadline.year}年{f.deadline.month}月{f.deadline.day}日",
                days=(on - f.deadline).days,
                severity=f.get_severity_display(),
                round=f.visit.round.name,
            )
            for f in overdue
        ),
    )
