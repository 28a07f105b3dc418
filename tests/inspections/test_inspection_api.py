"""The inspection API: the same services, workflow, policy and lists as the pages."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from anju.inspections.models import Finding
from personas import People

FINDING = {"what": "安置房工地未公示", "requirement": "公示项目信息", "severity": "serious"}


def call(client: Client, method: str, url: str, body: Any = None) -> tuple[int, Any]:
    response = getattr(client, method)(
        url, data=json.dumps(body) if body is not None else None, content_type="application/json"
    )
    return response.status_code, response.json()


def _as(user: object) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_round_walked_through_the_api_agrees_with_the_pages(people: People) -> None:
    inspector, unit, office = _as(people.inspector), _as(people.shangrila), _as(people.office)
    status, made = call(
        inspector,
        "post",
        "/api/inspections/533400/rounds",
        {
            "programme": "diqing-2017",
            "name": "2017年第3轮专项巡查",
            "starts_on": "2017-05-02",
            "ends_on": "2017-05-12",
        },
    )
    assert status == 200, made
    rounds = f"/api/inspection-rounds/{made['id']}"
    status, body = call(
        inspector,
        "post",
        f"{rounds}/visits",
        {"unit": "533401", "visited_on": "2017-05-05", "inspector_names": "州纪委 李明"},
    )
    assert status == 200 and body["visits"][0]["inspectors"] == ["inspector", "州纪委 李明"]
    visit = body["visits"][0]["id"]
    status, body = call(
        inspector,
        "post",
        f"{rounds}/findings",
        {**FINDING, "visit": visit, "deadline": "2017-05-01"},
    )
    assert status == 422
    assert body["fields"] == {"deadline": "整改期限不能早于巡查日期（2017-05-05）"}
    status, finding = call(
        inspector,
        "post",
        f"{rounds}/findings",
        {**FINDING, "visit": visit, "deadline": "2017-06-30"},
    )
    assert status == 200 and (finding["status"], finding["overdue"]) == ("open", True)
    one = f"/api/findings/{finding['id']}"

    # A reporter of another unit neither sees nor rectifies; a reporter cannot verify.
    assert call(_as(people.deqin), "get", one)[0] == 403
    assert call(_as(people.deqin), "post", f"{one}/rectifications", {"measures": "x"})[0] == 403
    assert call(office, "post", f"{one}/rectifications", {"measures": "x"})[0] == 403
    status, body = call(unit, "post", f"{one}/rectifications", {"measures": "已设公示牌"})
    assert status == 200 and body["status"] == "rectifying"
    pending = body["rectifications"][0]["id"]
    verdict = {"rectification": pending, "verdict": "accepted"}
    assert call(unit, "post", f"{one}/verdict", verdict)[0] == 403
    status, body = call(office, "post", f"{one}/verdict", verdict)
    assert status == 200 and body["status"] == "verified"
    status, body = call(office, "post", f"{one}/close")
    assert status == 200 and body["status"] == "closed"
    assert [c["new"] for c in body["history"] if c["field"] == "status"][:3] == [
        "已销号",
        "已核验",
        "整改待核验",
    ]

    # The unit's list and the page say the same.
    status, listed = call(unit, "get", "/api/inspections/533401")
    assert status == 200
    assert [(f["what"], f["status_name"]) for f in listed["findings"]] == [
        ("安置房工地未公示", "已销号")
    ]
    page = unit.get("/u/533401/inspections/").content.decode()
    assert "安置房工地未公示" in page and "已销号" in page
    detail = unit.get(f"/inspections/findings/{finding['id']}/").content.decode()
    assert "已设公示牌" in detail and "2017-06-30" in detail


def test_an_overdue_finding_is_escalated_through_the_api(finding: Finding, people: People) -> None:
    one = f"/api/findings/{finding.pk}"
    status, body = call(_as(people.shangrila), "post", f"{one}/escalations", {"kind": "account"})
    assert status == 403
    status, body = call(
        _as(people.office),
        "post",
        f"{one}/escalations",
        {"kind": "interview", "authority": "州安居办", "note": "约谈分管负责人"},
    )
    assert status == 200, body
    assert body["overdue"] is True and body["status"] == "open"
    assert body["escalations"][0]["kind"] == "interview"
    status, listed = call(_as(people.office), "get", "/api/inspections/533400")
    assert listed["findings"][0]["overdue"] is True
    page = _as(people.office).get(f"/inspections/findings/{finding.pk}/").content.decode()
    assert "约谈" in page and "州安居办" in page
