"""A finding followed to closure across two rounds, another overdue and escalated, and who
may do each step."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from anju.errors import InvalidInput
from anju.inspections.models import Escalation, Finding, InspectionChange, InspectionRound, Visit
from anju.inspections.services import finding_record, round_create, visit_record
from anju.inspections.workflow import (
    escalate,
    finding_close,
    is_overdue,
    rectification_decide,
    rectification_submit,
)
from anju.programmes.models import Programme, Unit
from anju.programmes.versions import data_version
from personas import People

DAY = datetime.date


@pytest.fixture
def second_round(programme: Programme, people: People) -> InspectionRound:
    return round_create(
        programme=programme,
        scope=programme.scope,
        name="2017年第4轮专项巡查",
        starts_on=DAY(2017, 7, 3),
        ends_on=DAY(2017, 7, 14),
        user=people.office,
    )


def _escalate(
    finding: Finding,
    who: User,
    on: datetime.date,
    kind: str = Escalation.Kind.INTERVIEW,
    authority: str = "",
    note: str = "",
) -> Escalation:
    return escalate(finding=finding, kind=kind, authority=authority, note=note, user=who, on=on)


def _history(finding: Finding) -> list[tuple[str, str, str]]:
    rows = InspectionChange.objects.filter(finding=finding).order_by("id")
    return [(c.field, c.old_value, c.new_value) for c in rows]


def test_a_finding_carried_over_two_rounds_is_rectified_verified_and_closed(
    finding: Finding, second_round: InspectionRound, shangrila: Unit, people: People
) -> None:
    again = visit_record(
        round=second_round,
        unit=shangrila,
        visited_on=DAY(2017, 7, 5),
        inspector_names="督查室 王芳",
        user=people.inspector,
    )
    carried = finding_record(
        visit=again,
        what="城北片区棚改安置房工地仍未公示",
        requirement="7月20日前公示并报送照片说明",
        severity=Finding.Severity.GRAVE,
        deadline=DAY(2017, 7, 20),
        carried_from=finding,
        user=people.inspector,
    )
    finding.refresh_from_db()
    assert finding.status == Finding.Status.CARRIED
    assert ("status", "待整改", "已转下轮") in _history(finding)
    assert not is_overdue(finding, DAY(2017, 12, 1))  # its successor follows the problem

    sent = rectification_submit(
        finding=carried,
        measures="已在工地入口设公示牌",
        evidence="公示牌内容及位置说明",
        user=people.shangrila,
        on=DAY(2017, 7, 18),
    )
    carried.refresh_from_db()
    assert carried.status == Finding.Status.RECTIFYING
    rectification_decide(
        rectification=sent, accept=True, reason="", user=people.office, on=DAY(2017, 7, 19)
    )
    carried.refresh_from_db()
    assert (carried.status, carried.verified_on) == (Finding.Status.VERIFIED, DAY(2017, 7, 19))
    finding_close(finding=carried, user=people.office, on=DAY(2017, 7, 21))
    carried.refresh_from_db()
    assert (carried.status, carried.closed_on) == (Finding.Status.CLOSED, DAY(2017, 7, 21))
    assert carried.carried_from == finding
    statuses = [new for field, _, new in _history(carried) if field == "status"]
    assert statuses == ["待整改", "整改待核验", "已核验", "已销号"]
    assert not is_overdue(carried, DAY(2017, 8, 1))


def test_an_overdue_finding_is_escalated_and_stays_open(finding: Finding, people: People) -> None:
    assert not is_overdue(finding, DAY(2017, 6, 30))
    assert is_overdue(finding, DAY(2017, 7, 1))
    with pytest.raises(InvalidInput, match="未逾期"):
        _escalate(finding, people.office, DAY(2017, 6, 30))
    first = _escalate(
        finding, people.office, DAY(2017, 7, 10), authority="州安居办", note="约谈分管领导"
    )
    _escalate(finding, people.office, DAY(2017, 8, 10), Escalation.Kind.ACCOUNTABILITY, "州纪委")
    finding.refresh_from_db()
    assert finding.status == Finding.Status.OPEN
    assert [e.get_kind_display() for e in finding.escalations.all()] == ["约谈", "问责"]
    assert first.decided_by == people.office
    assert ("kind", "", "问责") in _history(finding)


def test_a_rejected_rectification_opens_the_finding_again(finding: Finding, people: People) -> None:
    sent = rectification_submit(
        finding=finding, measures="已整改", evidence="", user=people.shangrila, on=DAY(2017, 6, 1)
    )
    with pytest.raises(InvalidInput, match="退回理由"):
        rectification_decide(rectification=sent, accept=False, reason=" ", user=people.office)
    rectification_decide(
        rectification=sent,
        accept=False,
        reason="未见公示牌",
        user=people.office,
        on=DAY(2017, 6, 2),
    )
    finding.refresh_from_db()
    assert finding.status == Finding.Status.OPEN
    with pytest.raises(InvalidInput, match="已核验"):
        rectification_decide(rectification=sent, accept=True, reason="", user=people.office)
    again = rectification_submit(
        finding=finding,
        measures="已设公示牌",
        evidence="",
        user=people.shangrila,
        on=DAY(2017, 6, 5),
    )
    assert finding.rectifications.count() == 2
    assert again.verdict == "pending"


def test_only_the_responsible_units_reporters_rectify(finding: Finding, people: People) -> None:
    for other in (people.deqin, people.office, people.inspector, people.leader):
        with pytest.raises(PermissionDenied):
            rectification_submit(finding=finding, measures="已整改", evidence="", user=other)
    assert finding.rectifications.count() == 0


def test_a_reporter_cannot_verify_close_or_escalate(finding: Finding, people: People) -> None:
    sent = rectification_submit(
        finding=finding, measures="已整改", evidence="", user=people.shangrila
    )
    for who in (people.shangrila, people.inspector, people.leader):
        with pytest.raises(PermissionDenied):
            rectification_decide(rectification=sent, accept=True, reason="", user=who)
        with pytest.raises(PermissionDenied):
            _escalate(finding, who, DAY(2017, 7, 2), Escalation.Kind.ACCOUNTABILITY)
    finding.refresh_from_db()
    assert finding.status == Finding.Status.RECTIFYING


def test_reporters_and_leaders_record_no_findings(visit: Visit, people: People) -> None:
    for who in (people.shangrila, people.leader):
        with pytest.raises(PermissionDenied):
            finding_record(
                visit=visit,
                what="x",
                requirement="y",
                severity="general",
                deadline=DAY(2017, 6, 1),
                user=who,
            )


def test_bad_input_names_the_field_and_changes_nothing(
    first_round: InspectionRound, visit: Visit, people: People
) -> None:
    before = InspectionChange.objects.count()
    with pytest.raises(InvalidInput) as caught:
        visit_record(
            round=first_round,
            unit=Unit.objects.get(code="533422"),
            visited_on=DAY(2017, 6, 1),
            user=people.inspector,
        )
    assert set(caught.value.fields) == {"visited_on", "inspector_names"}
    with pytest.raises(InvalidInput) as caught:
        finding_record(
            visit=visit,
            what="x",
            requirement="y",
            severity="general",
            deadline=DAY(2017, 5, 1),
            user=people.inspector,
        )
    assert "整改期限不能早于巡查日期" in caught.value.fields["deadline"]
    assert InspectionChange.objects.count() == before


def test_every_write_raises_the_data_version(
    finding: Finding, programme: Programme, people: People
) -> None:
    versions = [data_version(programme=programme)]
    sent = rectification_submit(
        finding=finding, measures="已整改", evidence="", user=people.shangrila
    )
    versions.append(data_version(programme=programme))
    rectification_decide(rectification=sent, accept=True, reason="", user=people.office)
    versions.append(data_version(programme=programme))
    finding_close(finding=finding, user=people.office)
    versions.append(data_version(programme=programme))
    assert len(set(versions)) == 4
