"""Two inspection rounds of the demo programme over 迪庆州, recorded by its 督查室."""

from __future__ import annotations

import datetime

import pytest

from anju.inspections.models import Finding, InspectionRound, Visit
from anju.inspections.services import finding_record, round_create, visit_record
from anju.programmes.models import Programme, Unit
from personas import People

DAY = datetime.date


@pytest.fixture
def programme(db: None) -> Programme:
    return Programme.objects.get(code="diqing-2017")


@pytest.fixture
def shangrila(db: None) -> Unit:
    return Unit.objects.get(code="533401")


@pytest.fixture
def first_round(programme: Programme, people: People) -> InspectionRound:
    return round_create(
        programme=programme,
        scope=programme.scope,
        name="2017年第3轮专项巡查",
        starts_on=DAY(2017, 5, 2),
        ends_on=DAY(2017, 5, 12),
        user=people.inspector,
    )


@pytest.fixture
def visit(first_round: InspectionRound, shangrila: Unit, people: People) -> Visit:
    return visit_record(
        round=first_round,
        unit=shangrila,
        visited_on=DAY(2017, 5, 5),
        inspectors=[people.inspector],
        inspector_names="州纪委 李明",
        user=people.inspector,
    )


@pytest.fixture
def finding(visit: Visit, people: People) -> Finding:
    return finding_record(
        visit=visit,
        what="城北片区棚改安置房工地未按规定公示",
        requirement="6月底前在工地公示项目信息",
        severity=Finding.Severity.SERIOUS,
        deadline=DAY(2017, 6, 30),
        user=people.inspector,
    )
