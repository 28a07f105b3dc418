"""GET/PUT /api/plans/{unit}/{year}: the same checks, policy and plan as the page."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from anju.api.tokens import token_create
from anju.plans.models import PlanVersion
from anju.programmes.models import Programme
from personas import People

DEQIN = "/api/plans/533422/2017"
WEIXI = "/api/plans/533423/2017"


def api(user: User) -> Client:
    return Client(headers={"Authorization": f"Bearer {token_create(user=user, name='tests')}"})


def put(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.put(url, json.dumps(body), content_type="application/json")


def test_the_office_sets_a_plan_and_reads_it_back(people: People, programme: Programme) -> None:
    office = api(people.office)
    body = {"figures": {"pg_started": {"3": 30, "6": "150", "12": 250}}, "reason": "年初下达"}
    response = put(office, DEQIN, body)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["in_force"] == {"pg_started": {"3": "30", "6": "150", "12": "250"}}
    assert [e["code"] for e in data["elements"]] == ["pg_started", "jb_done"]
    assert data["elements"][0]["target"] == "250"
    version = data["versions"][0]
    assert (version["number"], version["status"], version["channel"]) == (1, "approved", "api")
    assert version["created_by"] == "office"
    assert office.get(DEQIN).json() == data


def test_errors_are_422_naming_the_month(people: People, programme: Programme) -> None:
    body = {"figures": {"pg_started": {"3": 30, "4": 20, "12": 300}}}
    response = put(api(people.deqin), DEQIN, body)
    assert response.status_code == 422
    data = response.json()
    assert data["detail"] == [
        "棚户区改造开工数 4月：累计计划数 20套 小于 3月的 30套，累计计划应逐月不减",
        "棚户区改造开工数 12月：计划数 300套 超过年度任务 250套；如确需超过，请在说明中写明理由",
    ]
    assert set(data["fields"]) == {"pg_started_4", "pg_started_12"}
    response = put(api(people.deqin), DEQIN, {"figures": {"pg_started": {"13": 1, "2": 1.5}}})
    assert response.status_code == 422
    assert "棚户区改造开工数：月份“13”应为 1 到 12" in response.json()["detail"]
    assert not PlanVersion.objects.exists()


def test_a_reporter_of_deqin_may_not_set_or_read_weixis(
    people: People, programme: Programme
) -> None:
    deqin = api(people.deqin)
    assert put(deqin, WEIXI, {"figures": {"pg_started": {"12": 100}}}).status_code == 403
    assert deqin.get(WEIXI).status_code == 403
    assert not PlanVersion.objects.exists()


def test_the_api_and_the_page_agree(client: Client, people: People, programme: Programme) -> None:
    """The same plan typed on the page and sent to the API gives the same stored plan, and
    the same refusal for the same mistake."""
    client.force_login(people.deqin)
    client.post("/u/533422/plans/2017/", {"pg_started_6": "150", "jb_done_12": "250"})
    put(
        api(people["weixi"]), WEIXI, {"figures": {"pg_started": {"6": 150}, "jb_done": {"12": 250}}}
    )
    by_unit = {
        v.unit.code: [(f.element.code, f.month, f.value) for f in v.figures.all()]
        for v in PlanVersion.objects.all()
    }
    assert by_unit["533422"] == by_unit["533423"]
    assert {v.status for v in PlanVersion.objects.all()} == {"submitted"}
    page = client.post("/u/533422/plans/2017/", {"pg_started_3": "30", "pg_started_4": "20"})
    refused = put(api(people.deqin), DEQIN, {"figures": {"pg_started": {"3": 30, "4": 20}}})
    assert refused.json()["detail"][0] in page.content.decode()
