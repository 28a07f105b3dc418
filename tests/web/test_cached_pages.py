"""The dashboard and the API's tables are cached under the programme's data version: the next
request after an approval, a return, an unlock or a month closed shows the figures as they
now are, and a cached answer is never shown to someone who may not see the scope."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from anju.api.tokens import token_create
from anju.programmes.models import Target, Unit
from anju.reporting.models import Period, Report
from anju.reporting.services import period_close, report_set_values
from anju.reporting.workflow import (
    report_approve,
    report_return,
    report_submit,
    report_unlock,
)
from personas import People

pytestmark = pytest.mark.django_db

PAGE = "/u/533400/2017-06/"
TABLES = "/api/tables/533400/2017-06"
DEQIN = "533422"


def chart_bars(client: Client) -> dict[str, str]:
    """The dashboard's progress chart as the page sends it: unit → the rate printed."""
    response = client.get(PAGE)
    assert response.status_code == 200
    found = re.search(
        r'<script id="dashboard-chart-data" type="application/json">(.*?)</script>',
        response.content.decode(),
    )
    assert found is not None
    return {bar["name"]: bar["text"] for bar in json.loads(found[1])["bars"]}


def api_rates(client: Client) -> dict[str, str]:
    """The first attachment's rates through the API: unit → the rate printed."""
    response = client.get(TABLES)
    assert response.status_code == 200
    rows = response.json()["attachments"][0]["rows"]
    return {row["unit"]: row["cells"]["rate"]["text"] for row in rows}


@pytest.fixture
def leader(client: Client, people: People) -> Client:
    client.force_login(people.leader)
    return client


@pytest.fixture
def api(people: People) -> Client:
    return Client(headers={"Authorization": f"Bearer {token_create(user=people.office, name='t')}"})


def deqin_june() -> Report:
    return Report.objects.get(
        unit__code=DEQIN, period__month=6, period__programme__code="diqing-2017"
    )


def resubmit(people: People, started: str) -> None:
    """德钦县 enters a new 开工数 for June and submits it; the office approves."""
    report = deqin_june()
    report_set_values(
        report=report, values={"pg_started": started}, user=people.deqin, channel="form"
    )
    report_submit(report=report, user=people.deqin, note="更正开工数")
    report_approve(report=report, user=people.office)


def test_the_next_request_after_a_return_and_an_approval_sees_the_new_figures(
    leader: Client, api: Client, people: People
) -> None:
    # 153 / 250 = 61.20%, cached by these first requests.
    assert chart_bars(leader)["德钦县"] == "61.20%"
    assert chart_bars(leader)["德钦县"] == "61.20%"
    assert api_rates(api)["德钦县"] == "61.20%"

    report_return(report=deqin_june(), user=people.office, comment="开工数有误")
    # Returned figures are no longer reviewed: 德钦县 leaves the chart, its rate the table.
    assert "德钦县" not in chart_bars(leader)
    assert api_rates(api)["德钦县"] == ""  # listed, without figures

    resubmit(people, "200")  # 200 / 250 = 80.00%
    assert chart_bars(leader)["德钦县"] == "80.00%"
    assert api_rates(api) == {"德钦县": "80.00%", "香格里拉市": "62.05%", "维西县": "61.02%"}


def test_the_next_request_after_an_unlock_sees_the_report_reopened(
    leader: Client, api: Client, people: People
) -> None:
    period_close(period=Period.objects.get(programme__code="diqing-2017", month=6))
    assert chart_bars(leader)["德钦县"] == "61.20%"
    assert api_rates(api)["德钦县"] == "61.20%"

    report_unlock(report=deqin_june(), user=people.office, reason="开工数需更正")
    assert "德钦县" not in chart_bars(leader)
    assert api_rates(api)["德钦县"] == ""  # listed, without figures

    resubmit(people, "250")  # approved again (and locked again: the month is closed)
    assert deqin_june().status == Report.Status.LOCKED
    assert chart_bars(leader)["德钦县"] == "100.00%"
    assert api_rates(api)["德钦县"] == "100.00%"


def test_a_cached_answer_is_not_shown_to_someone_who_may_not_see_the_scope(
    leader: Client, people: People
) -> None:
    assert chart_bars(leader)  # cached now
    stranger = User.objects.create_user("stranger", password=None)
    outsider = Client()
    outsider.force_login(stranger)
    assert outsider.get(PAGE).status_code == 403
    token = token_create(user=stranger, name="t")
    assert Client(headers={"Authorization": f"Bearer {token}"}).get(TABLES).status_code == 403


def test_the_next_request_after_a_target_changed_in_the_admin_sees_it(
    leader: Client, api: Client
) -> None:
    assert chart_bars(leader)["德钦县"] == "61.20%"  # 153 / 250, cached with the targets' sums
    assert api_rates(api)["德钦县"] == "61.20%"
    target = Target.objects.get(unit__code=DEQIN, element__code="pg_task")
    admin = Client()
    admin.force_login(User.objects.create_superuser("root", password=None))
    form = {"unit": target.unit_id, "element": target.element_id, "value": "500"}
    response = admin.post(f"/admin/programmes/target/{target.pk}/change/", form)
    assert response.status_code == 302  # saved
    assert chart_bars(leader)["德钦县"] == "30.60%"  # 153 / 500
    assert api_rates(api)["德钦县"] == "30.60%"


def test_a_unit_renamed_in_the_admin_shows_renamed_on_the_next_request(
    leader: Client, api: Client
) -> None:
    assert "德钦县" in chart_bars(leader)
    assert "德钦县" in api_rates(api)
    unit = Unit.objects.get(code=DEQIN)
    admin = Client()
    admin.force_login(User.objects.create_superuser("root", password=None))
    form = {
        "code": unit.code,
        "name": "德钦县（新）",
        "kind": unit.kind,
        "parent": unit.parent_id,
        "sort_order": unit.sort_order,
    }
    response = admin.post(f"/admin/programmes/unit/{unit.pk}/change/", form)
    assert response.status_code == 302  # saved
    assert "德钦县（新）" in chart_bars(leader)
    assert "德钦县（新）" in api_rates(api)


def test_a_cached_dashboard_costs_six_queries(leader: Client) -> None:
    """Once computed, the page reads only what says who asks and whether the answer still
    stands: the session, the user and their roles, the unit (with whether units lie below
    it), the months covering it (the switcher's list and the URL's month in one), and the
    data version."""
    bars = chart_bars(leader)
    with CaptureQueriesContext(connection) as queries:
        assert chart_bars(leader) == bars
    assert len(queries.captured_queries) == 6, [q["sql"][:80] for q in queries.captured_queries]
    page = leader.get(PAGE).content.decode()
    assert "<summary>2017年6月</summary>" in page  # the switcher, from the same months
