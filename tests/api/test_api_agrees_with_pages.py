"""The API and the pages give the same answers: they call the same selectors and engine.

Each test reads one question both ways, as a leader's dashboard and as an API client would.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from anju.programmes.models import Unit
from anju.reporting.dashboard import dashboard_data
from anju.reporting.selectors import period_find

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
