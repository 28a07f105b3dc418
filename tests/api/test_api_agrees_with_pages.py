"""The API and the pages give the same answers: they call the same selectors and engine.

Each test reads one question both ways, as a leader's dashboard and as an API client would.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from anju.programmes.models import Unit
from anju.reporting.dashboard import dashboard_data
from anju.reporting.models import Period, Report
from anju.reporting.selectors import period_find
from personas import People

pytestmark = pytest.mark.django_db

ClientFor = Callable[[str], Client]


def api(client_for: ClientFor, url: str) -> dict[str, Any]:
    response = client_for("leader").get(url)
    assert response.status_code == 200, response.content
    data: dict[str, Any] = response.json()
    return data


def demo_dashboard() -> Any:
    scope = Unit.objects.get(code="533400")
    return dashboard_data(scope=scope, period=period_find(unit=scope, key="2017-06"))


def test_who_is_behind_each_milestone(client_for: ClientFor) -> None:
    states = {
        group["code"]: group["units"]
        for group in api(client_for, "/api/milestones/533400/2017-06")["milestones"]
    }
    alerts = demo_dashboard().alerts
    assert alerts, "the demo's June dashboard shows milestone alerts"
    for alert in alerts:
        units = [unit for unit in states[alert.code] if unit["concerned"]]
        assert {a.unit_name for a in alert.behind} == {
            u["name"] for u in units if u["state"]["met"] is False
        }
        assert set(alert.met) == {u["name"] for u in units if u["state"]["met"] is True}
        assert set(alert.unreported) == {u["name"] for u in units if u["state"]["met"] is None}
        for behind in alert.behind:
            state = next(u["state"] for u in units if u["name"] == behind.unit_name)
            assert behind.gap_text == state["gap_text"]


def test_the_headline_totals(client_for: ClientFor) -> None:
    total = api(client_for, "/api/indicators/533400/2017-06")["total"]
    cards = {card.label: card for card in demo_dashboard().cards}
    started = cards["棚户区改造开工"]
    assert (started.value, started.of) == (
        total["figures"]["pg_started"],
        total["figures"]["pg_task"],
    )
    assert started.rate == total["indicators"]["pg_rate"] + "%"


# --- a report, in every state, as every persona ------------------------------------------------

STATES = ("unstarted", "draft", "submitted", "returned", "approved", "locked")
PERSONAS = ("office", "deqin", "shangrila", "leader", "inspector")
UNITS = ("533422", "533400")  # 德钦县, a county that reports; 迪庆州, whose figures are sums
BUTTON = re.compile(r'<button[^>]*name="action" value="(\w+)"')


def put_in_state(unit: Unit, period: Period, state: str) -> None:
    Report.objects.filter(unit=unit, period=period).delete()
    if state != "unstarted":
        Report.objects.create(unit=unit, period=period, status=state)


def page_view(client: Client, url: str) -> tuple[int, bool, set[str]]:
    response = client.get(url)
    if response.status_code != 200:
        return response.status_code, False, set()
    html = response.content.decode()
    editable = 'name="fig_' in html
    return 200, editable, set(BUTTON.findall(html)) - {"save"}


@pytest.mark.parametrize("unit_code", UNITS)
@pytest.mark.parametrize("state", STATES)
def test_page_and_api_agree_on_what_each_persona_may_do(
    july: Period,
    people: People,
    client_for: ClientFor,
    unit_code: str,
    state: str,
) -> None:
    unit = Unit.objects.get(code=unit_code)
    put_in_state(unit, july, state)
    for persona in PERSONAS:
        browser = Client()
        browser.force_login(people[persona])
        status, editable, buttons = page_view(browser, f"/r/{unit_code}/2017-07/")
        response = client_for(persona).get(f"/api/reports/{unit_code}/2017-07")
        said = f"{persona} on {unit_code} {state}"
        assert response.status_code == status, said
        if status == 200:
            data = response.json()
            assert data["editable"] is editable, said
            assert set(data["actions"]) == buttons, said


def test_the_prefectures_own_report_is_not_editable(client_for: ClientFor, july: Period) -> None:
    data = api(client_for, "/api/reports/533400/2017-07")
    assert data["editable"] is False
    office = client_for("office").get("/api/reports/533400/2017-07").json()
    assert (office["editable"], office["actions"]) == (False, [])
