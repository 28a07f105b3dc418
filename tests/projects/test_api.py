"""The project API: the same services, policy and figures as the pages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from project_helpers import pg_projects, unit

from anju.programmes.models import Programme
from anju.projects.models import Project
from anju.reporting.models import Period, Report
from anju.reporting.services import report_set_values
from anju.reporting.workflow import report_for
from personas import People


def call(client: Client, method: str, url: str, body: Any = None) -> Any:
    response = getattr(client, method)(
        url, data=json.dumps(body) if body is not None else None, content_type="application/json"
    )
    return response.status_code, response.json()


def test_the_api_agrees_with_the_page(
    client: Client, programme: Programme, july: Period, people: People
) -> None:
    pg_projects(programme, "维西县", {"wx-1": "900"})
    client.force_login(people["weixi"])
    status, body = call(
        client,
        "put",
        "/api/projects/533423/2017-07/wx-1/month",
        {"started": 40, "invested": "12.5", "node": "主体封顶"},
    )
    assert status == 200, body
    assert body["month"]["started"] == "40" and body["to_date"]["started"] == "940"
    report_set_values(
        report=report_for(unit=unit("维西县"), period=july),
        values={"pg_started": "950"},
        channel="form",
    )
    status, listed = call(client, "get", "/api/projects/533423/2017-07")
    assert status == 200 and listed["editable"] is True
    (started,) = [r for r in listed["reconciliation"] if r["element"] == "pg_started"]
    assert (started["reported"], started["summed"], started["gap"]) == ("950", "940", "10")
    page = client.get("/u/533423/2017-07/projects/").content.decode()
    for figure in ("950", "940", "主体封顶", "12.5"):
        assert figure in page
    client.force_login(people.inspector)
    status, gaps = call(client, "get", "/api/project-gaps/533400/2017-07")
    assert status == 200
    assert [(g["name"], g["gap"], g["explained"]) for g in gaps["gaps"]] == [
        ("维西县", "10", False)
    ]


def test_registering_through_the_api_under_the_same_policy(
    client: Client, programme: Programme, july: Period, people: People
) -> None:
    body = {
        "code": "wx-api",
        "name": "永春乡公租房",
        "kind": "gzf",
        "method": "new",
        "task_year": 2013,
        "completed_on": "2013-08-01",
        "flats": 40,
        "occupied": 41,
    }
    client.force_login(people.deqin)
    status, refused = call(client, "post", "/api/projects/533423/2017-07", body)
    assert status == 403 and refused["detail"] == "无权修改维西县的项目"
    client.force_login(people["weixi"])
    status, refused = call(client, "post", "/api/projects/533423/2017-07", body)
    assert status == 422 and "已入住套数（41）不能多于建设套数（40）" in refused["detail"]
    status, made = call(client, "post", "/api/projects/533423/2017-07", {**body, "occupied": 38})
    assert status == 200 and made["flats"] == 40
    values = report_for(unit=unit("维西县"), period=july).values
    assert values.get(element__code="gzf_occupied_to2013").value == 38
    status, changed = call(
        client,
        "put",
        "/api/projects/533423/2017-07/wx-api",
        {**body, "occupied": 39, "version": made["version"]},
    )
    assert status == 200 and changed["occupied"] == 39
    assert Project.objects.get(code="wx-api").changes.filter(field="occupied").count() == 2
    assert values.get(element__code="gzf_occupied_to2013").value == 39
    status, stale = call(
        client,
        "put",
        "/api/projects/533423/2017-07/wx-api",
        {**body, "occupied": 30, "version": made["version"]},
    )
    assert status == 422 and "已被他人修改" in stale["detail"][0]
    assert values.get(element__code="gzf_occupied_to2013").value == 39


@pytest.mark.parametrize("state", ["unstarted", "draft", "returned", "submitted", "locked"])
def test_page_and_api_agree_on_who_may_enter_the_month_now(
    programme: Programme, july: Period, people: People, state: str
) -> None:
    pg_projects(programme, "维西县", {"wx-1": "900"})
    weixi = unit("维西县")
    Report.objects.filter(unit=weixi, period=july).delete()
    if state != "unstarted":
        Report.objects.create(unit=weixi, period=july, status=state)
    said = []
    for persona in ("office", "weixi", "deqin", "leader", "inspector"):
        browser = Client()
        browser.force_login(people[persona])
        page = browser.get("/u/533423/2017-07/projects/")
        status, listed = call(browser, "get", "/api/projects/533423/2017-07")
        assert status == page.status_code, persona
        if status == 200:
            on_page = 'id="month-wx-1"' in page.content.decode()
            assert listed["editable"] is on_page, persona
            said.append((persona, on_page))
    writable = state in ("unstarted", "draft", "returned")
    assert said == [
        ("office", writable),
        ("weixi", writable),
        ("leader", False),
        ("inspector", False),
    ]
