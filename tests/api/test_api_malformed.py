"""Malformed paths and bodies are 422 with the API's problem shape, never 500."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from anju.reporting.models import Report, ValueChange

ClientFor = Callable[[str], Client]

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("period", ["2017-13", "2017-6", "2017-00", "2017-06%00"])
def test_a_malformed_month_is_422(client_for: ClientFor, period: str) -> None:
    response = client_for("office").get(f"/api/reports/533422/{period}")
    assert response.status_code == 422
    assert set(response.json()) == {"detail", "fields"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"version": 1, "figures": {"pg_started": "1"}, "comment": "改\x00"}, "comment"),
        ({"version": "abc", "figures": {}}, "version"),
        ({"version": 10**20, "figures": {}}, "version"),
    ],
)
def test_a_malformed_body_is_422_and_stores_nothing(
    client_for: ClientFor, july: Any, body: dict[str, Any], field: str
) -> None:
    response = client_for("deqin").put(
        "/api/reports/533422/2017-07", data=body, content_type="application/json"
    )
    assert response.status_code == 422
    assert any(field in key for key in response.json()["fields"])
    assert not Report.objects.filter(period=july).exists()
    assert not ValueChange.objects.filter(report__period=july).exists()
