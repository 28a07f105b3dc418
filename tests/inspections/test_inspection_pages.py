"""The inspection pages: a round recorded, a finding rectified, verified and closed, each
person seeing only the actions they may take, and bad input refused with the field named."""

from __future__ import annotations

import datetime

from django.test import Client

from anju.inspections.models import Finding, InspectionRound, Rectification
from anju.programmes.models import Programme
from personas import People

DAY = datetime.date
FINDING = {
    "record": "finding",
    "unit": "533401",
    "what": "安置房工地未公示",
    "requirement": "公示项目信息",
    "severity": "serious",
}


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_inspector_records_a_round_a_visit_and_a_finding(
    programme: Programme, people: People
) -> None:
    inspector = _client(people.inspector)
    page = inspector.get("/u/533400/inspections/")
    assert page.status_code == 200 and "登记巡查轮次" in page.content.decode()
    made = inspector.post(
        "/u/533400/inspections/",
        {
            "programme": "diqing-2017",
            "name": "2017年第3轮专项巡查",
            "starts_on": "2017-05-02",
            "ends_on": "2017-05-12",
        },
    )
    round = InspectionRound.objects.get(name="2017年第3轮专项巡查")
    assert made["Location"] == f"/inspections/rounds/{round.pk}/"
    url = made["Location"]
    inspector.post(
        url,
        {"record": "visit", "unit": "533401", "visited_on": "2017-05-05", "with_me": "on"},
    )
    visit = round.visits.get()
    assert list(visit.inspectors.all()) == [people.inspector]
    refused = inspector.post(
        url,
        {**FINDING, "visit": visit.pk, "deadline": "2017-05-01"},
    )
    assert refused.status_code == 422
    assert "整改期限不能早于巡查日期（2017-05-05）" in refused.content.decode()
    assert not Finding.objects.exists()
    refused = inspector.post(url, {"record": "finding", "visit": visit.pk, "severity": "x"})
    text = refused.content.decode()
    assert "发现问题：必须填写" in text and "严重程度：请从列表中选择" in text
    inspector.post(
        url,
        {**FINDING, "visit": visit.pk, "deadline": "2017-06-30"},
    )
    page = inspector.get(url).content.decode()
    assert "安置房工地未公示" in page and "待整改" in page


def test_the_unit_rectifies_and_the_office_verifies_and_closes(
    finding: Finding, people: People
) -> None:
    url = f"/inspections/findings/{finding.pk}/"
    unit = _client(people.shangrila)
    assert "安置房工地未按规定公示" in unit.get("/u/533401/inspections/").content.decode()
    page = unit.get(url).content.decode()
    assert "报送整改情况" in page and "提交核验结论" not in page
    refused = unit.post(url, {"action": "rectify", "measures": " "})
    assert refused.status_code == 422 and "整改措施：必须填写" in refused.content.decode()
    unit.post(url, {"action": "rectify", "measures": "已设公示牌", "evidence": "公示牌位置说明"})
    finding.refresh_from_db()
    assert finding.status == Finding.Status.RECTIFYING

    office = _client(people.office)
    page = office.get(url).content.decode()
    assert "提交核验结论" in page and "报送整改情况" not in page
    pending = Rectification.objects.get(finding=finding)
    refused = office.post(
        url, {"action": "decide", "rectification": pending.pk, "verdict": "rejected"}
    )
    assert "退回理由" in refused.content.decode()
    office.post(url, {"action": "decide", "rectification": pending.pk, "verdict": "accepted"})
    office.post(url, {"action": "close"})
    finding.refresh_from_db()
    assert finding.status == Finding.Status.CLOSED
    page = office.get(url).content.decode()
    assert "已销号" in page and "已设公示牌" in page and "通过" in page


def test_another_units_reporter_sees_nothing_and_changes_nothing(
    finding: Finding, people: People
) -> None:
    url = f"/inspections/findings/{finding.pk}/"
    other = _client(people.deqin)
    assert other.get(url).status_code == 403
    assert other.post(url, {"action": "rectify", "measures": "x"}).status_code == 403
    assert "安置房工地" not in other.get("/u/533422/inspections/").content.decode()
    assert _client(people.shangrila).post(url, {"action": "close"}).status_code == 403
    finding.refresh_from_db()
    assert finding.status == Finding.Status.OPEN


def test_the_dashboard_counts_open_and_overdue_findings_per_unit(
    finding: Finding, visit: object, people: People
) -> None:
    from anju.inspections.services import finding_record

    office = _client(people.office)
    page = office.get("/u/533400/2017-06/").content.decode()
    panel = page[page.index('id="inspections"') :]
    panel = panel[: panel.index("</section>")]
    # The deadline (2017-06-30) is long past: the finding is open and overdue.
    assert "香格里拉市" in panel and '<span class="pill late">1</span>' in panel
    finding_record(
        visit=visit,  # type: ignore[arg-type]
        what="公租房台账不全",
        requirement="补齐台账",
        severity="general",
        deadline=DAY(2099, 1, 1),
        user=people.inspector,
    )
    page = office.get("/u/533400/2017-06/").content.decode()  # cached, but not stale
    panel = page[page.index('id="inspections"') :]
    panel = panel[: panel.index("</section>")]
    assert '<td class="value">2</td>' in panel and '<span class="pill late">1</span>' in panel
