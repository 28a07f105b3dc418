"""The inspections file (``anju: inspections/1``): a programme's rounds, their visits and
findings, and what became of each finding (rectifications with their verdicts, closure,
escalations), loaded with ``anju import`` through the same services and transitions as the
pages; all of it or, on any problem, none, each problem named by file, line and field.

    anju: inspections/1
    programme: projects-2017
    rounds:
    - name: 2017年第1轮专项巡查
      scope: '999900'
      starts_on: 2017-04-10
      ends_on: 2017-04-20
      visits:
      - unit: '999901'
        project: jx-pg-1          # optional: a project of the unit
        visited_on: 2017-04-12
        inspectors: 州督查室 张华、李强
        findings:
        - key: jx-notice          # optional: names it for a later round's carried_from
          what: 安置房工地未公示项目信息
          requirement: 4月30日前在工地公示
          severity: serious       # general 一般, serious 较重, grave 严重
          deadline: 2017-04-30
          unit: '999901'          # responsible unit (the visited one unless named)
          carried_from: …         # the key of the same problem in an earlier round
          rectifications:
          - {measures: …, evidence: …, submitted_on: 2017-04-28,
             verdict: accepted, decided_on: 2017-05-02}   # or rejected with a reason
          closed_on: 2017-05-03
          escalations:
          - {kind: interview, decided_on: 2017-05-10, authority: 州安居办, note: …}
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from django.db import transaction

from anju.errors import InvalidInput
from anju.inspections.models import Escalation, Finding, Rectification
from anju.inspections.services import finding_record, round_create, visit_record
from anju.inspections.workflow import (
    escalate,
    finding_close,
    rectification_decide,
    rectification_submit,
)
from anju.programmes.models import Programme, Unit
from anju.programmes.spec.base import Loc, Spec
from anju.programmes.spec.fields import Day, Slug, Text, UnitCode, one_of, one_of_schema
from anju.programmes.yamlio import Document, read_yaml
from anju.projects.importing import read_spec
from anju.projects.models import Project

INSPECTIONS_FORMAT = "inspections/1"
CHANNEL = "import"
SEVERITIES = tuple(Finding.Severity.values)
VERDICTS = ("accepted", "rejected")
KINDS = tuple(Escalation.Kind.values)


Verdict = Annotated[str, one_of(VERDICTS), one_of_schema(VERDICTS)]
Kind = Annotated[str, one_of(KINDS), one_of_schema(KINDS)]
Severity = Annotated[str, one_of(SEVERITIES), one_of_schema(SEVERITIES)]


class RectificationSpec(Spec):
    measures: Text
    evidence: Text = ""
    submitted_on: Day
    verdict: Verdict | None = None
    reason: Text = ""
    decided_on: Day | None = None


class EscalationSpec(Spec):
    kind: Kind
    decided_on: Day
    authority: Text = ""
    note: Text = ""


class FindingSpec(Spec):
    key: Slug | None = None
    what: Text
    requirement: Text
    severity: Severity
    deadline: Day
    unit: UnitCode | None = None
    carried_from: Slug | None = None
    rectifications: list[RectificationSpec] = []
    closed_on: Day | None = None
    escalations: list[EscalationSpec] = []


class VisitSpec(Spec):
    unit: UnitCode
    project: Slug | None = None
    visited_on: Day
    inspectors: Text
    findings: list[FindingSpec] = []


class RoundSpec(Spec):
    name: Text
    scope: UnitCode
    starts_on: Day
    ends_on: Day
    visits: list[VisitSpec] = []


class InspectionsFileSpec(Spec):
    programme: Text
    rounds: list[RoundSpec]


def read_inspections(document: Document) -> InspectionsFileSpec:
    return read_spec(document, INSPECTIONS_FORMAT, InspectionsFileSpec)


def inspections_import_file(*, path: Path) -> list[Finding]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput([f"{path}: 无法读取文件（{error}）"]) from error
    document = read_yaml(text, str(path))
    return inspections_import(spec=read_inspections(document), document=document)


class _Where:
    """Turns a service's refusal into problems naming the file's line and field."""

    def __init__(self, document: Document, loc: Loc) -> None:
        self.document, self.loc = document, loc

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        if isinstance(error, InvalidInput):
            if error.fields:
                raise InvalidInput(
                    [self.document.problem((*self.loc, f), m) for f, m in error.fields.items()]
                ) from None
            raise InvalidInput([self.document.problem(self.loc, p) for p in error.problems])


@transaction.atomic
def inspections_import(*, spec: InspectionsFileSpec, document: Document) -> list[Finding]:
    """Every round, visit and finding in the file's order, then what became of each finding,
    oldest first. Dates are the file's: a finding is overdue as of the day it is escalated."""
    programme = Programme.objects.filter(code=spec.programme).select_related("scope").first()
    if programme is None:
        raise InvalidInput([f"计划“{spec.programme}”不存在，请先导入计划定义文件"])
    codes = {r.scope for r in spec.rounds} | {
        code
        for r in spec.rounds
        for v in r.visits
        for code in (v.unit, *(f.unit for f in v.findings if f.unit))
    }
    units = Unit.objects.in_bulk(list(codes), field_name="code")
    missing = [code for code in sorted(codes) if code not in units]
    if missing:
        raise InvalidInput([f"{document.name}: 单位代码“{code}”不存在" for code in missing])
    keyed: dict[str, Finding] = {}
    made: list[tuple[Finding, FindingSpec, Loc]] = []
    for r, round_spec in enumerate(spec.rounds):
        with _Where(document, ("rounds", r)):
            round = round_create(
                programme=programme,
                scope=units[round_spec.scope],
                name=round_spec.name,
                starts_on=round_spec.starts_on,
                ends_on=round_spec.ends_on,
                user=None,
                channel=CHANNEL,
            )
        for v, visit_spec in enumerate(round_spec.visits):
            at = ("rounds", r, "visits", v)
            project = None
            if visit_spec.project:
                project = Project.objects.filter(
                    programme=programme, code=visit_spec.project
                ).first()
                if project is None:
                    message = f"项目编号“{visit_spec.project}”不存在"
                    raise InvalidInput([document.problem((*at, "project"), message)])
            with _Where(document, at):
                visit = visit_record(
                    round=round,
                    unit=units[visit_spec.unit],
                    project=project,
                    visited_on=visit_spec.visited_on,
                    inspector_names=visit_spec.inspectors,
                    user=None,
                    channel=CHANNEL,
                )
            for f, item in enumerate(visit_spec.findings):
                where = (*at, "findings", f)
                earlier = None
                if item.carried_from is not None:
                    earlier = keyed.get(item.carried_from)
                    if earlier is None:
                        message = f"“{item.carried_from}”不是此前轮次中某个问题的 key"
                        raise InvalidInput([document.problem((*where, "carried_from"), message)])
                if item.key is not None and item.key in keyed:
                    message = f"key“{item.key}”已用于另一个问题"
                    raise InvalidInput([document.problem((*where, "key"), message)])
                with _Where(document, where):
                    finding = finding_record(
                        visit=visit,
                        unit=units[item.unit] if item.unit else None,
                        what=item.what,
                        requirement=item.requirement,
                        severity=item.severity,
                        deadline=item.deadline,
                        carried_from=earlier,
                        user=None,
                        channel=CHANNEL,
                    )
                if item.key is not None:
                    keyed[item.key] = finding
                made.append((finding, item, where))
    for _day, _order, step in sorted(_steps(made), key=lambda s: (s[0], s[1])):
        with _Where(document, step.loc):
            step.run()
    return [finding for finding, _, _ in made]


@dataclass
class _Step:
    """One thing that became of a finding, at ``loc`` in the file."""

    loc: Loc
    finding: Finding
    rectification: RectificationSpec | None = None
    decided: list[Rectification] = field(default_factory=list)  # the one submitted, once it is
    escalation: EscalationSpec | None = None
    closed_on: datetime.date | None = None
    deciding: bool = False

    def run(self) -> None:
        rect, esc = self.rectification, self.escalation
        if rect is not None and not self.deciding:
            self.decided.append(
                rectification_submit(
                    finding=self.finding,
                    measures=rect.measures,
                    evidence=rect.evidence,
                    user=None,
                    on=rect.submitted_on,
                    channel=CHANNEL,
                )
            )
        elif rect is not None:
            rectification_decide(
                rectification=self.decided[0],
                accept=rect.verdict == "accepted",
                reason=rect.reason,
                user=None,
                on=rect.decided_on or rect.submitted_on,
                channel=CHANNEL,
            )
        elif esc is not None:
            escalate(
                finding=self.finding,
                kind=esc.kind,
                authority=esc.authority,
                note=esc.note,
                user=None,
                on=esc.decided_on,
                channel=CHANNEL,
            )
        else:
            finding_close(finding=self.finding, user=None, on=self.closed_on, channel=CHANNEL)


def _steps(made: list[tuple[Finding, FindingSpec, Loc]]) -> list[tuple[datetime.date, int, _Step]]:
    """What became of each finding, as (day, order, step): played back in date order so a
    finding stands on each day as the file says it did."""
    steps: list[tuple[datetime.date, int, _Step]] = []
    for finding, item, where in made:
        for n, rect in enumerate(item.rectifications):
            at = (*where, "rectifications", n)
            sent = _Step(at, finding, rectification=rect)
            steps.append((rect.submitted_on, len(steps), sent))
            if rect.verdict is not None:
                decide = _Step(at, finding, rect, sent.decided, deciding=True)
                steps.append((rect.decided_on or rect.submitted_on, len(steps), decide))
        if item.closed_on is not None:
            close = _Step((*where, "closed_on"), finding, closed_on=item.closed_on)
            steps.append((item.closed_on, len(steps), close))
        for n, esc in enumerate(item.escalations):
            escalation = _Step((*where, "escalations", n), finding, escalation=esc)
            steps.append((esc.decided_on, len(steps), escalation))
    return steps
