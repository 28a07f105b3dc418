"""Two people saving the same report at the same moment: one is stored, the other is told.

Real threads and real transactions, so the database's own locking decides who goes first.
Whatever the order, the loser gets the "changed by someone else" answer (409), never an
error page, and the report holds exactly one of the two saves.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from anju.api.tokens import token_create
from anju.demo.loader import demo_load
from anju.programmes.models import Programme
from anju.reporting.models import Report, ValueChange
from anju.reporting.services import period_open

pytestmark = pytest.mark.django_db(transaction=True)

PAIRS = 5  # each pair starts from a fresh version, so every pair is a new race


@pytest.fixture
def july(transactional_db: None) -> None:
    """The demo (a transactional test starts from whatever the last one left) and July open."""
    demo_load(reset=True)
    period_open(programme=Programme.objects.get(code="diqing-2017"), month=7)


def race(send: Callable[[int], int]) -> list[int]:
    """Two threads send at the same instant; their status codes, in no particular order."""
    start = threading.Barrier(2)
    codes: list[int] = []

    def writer(number: int) -> None:
        start.wait()
        try:
            codes.append(send(number))
        finally:
            connection.close()  # each thread has its own connection; leave none open

    threads = [threading.Thread(target=writer, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(codes)


def deqin_july() -> Report:
    return Report.objects.get(unit__code="533422", period__month=7)


def test_two_saves_of_the_form_give_one_draft_and_one_conflict(july: None) -> None:
    deqin = User.objects.get(username="deqin")
    Client().force_login(deqin)  # creates the session tables' rows outside the race
    for pair in range(PAIRS):
        version = deqin_july().version if pair else 1

        def send(number: int, version: int = version, pair: int = pair) -> int:
            client = Client(raise_request_exception=False)
            client.force_login(deqin)
            data = {"fig_pg_started": str(200 + 10 * pair + number), "version": str(version)}
            return client.post("/r/533422/2017-07/", {**data, "action": "save"}).status_code

        assert race(send) == [302, 409]
    stored = ValueChange.objects.filter(report=deqin_july(), element__code="pg_started")
    assert stored.count() == PAIRS


def test_two_saves_through_the_api_give_one_change_and_one_conflict(july: None) -> None:
    token = token_create(user=User.objects.get(username="deqin"), name="race")
    headers: Any = {"Authorization": f"Bearer {token}"}
    for pair in range(PAIRS):
        version = Client(headers=headers).get("/api/reports/533422/2017-07").json()["version"]

        def send(number: int, version: int = version, pair: int = pair) -> int:
            body = {"version": version, "figures": {"pg_started": str(300 + 10 * pair + number)}}
            response = Client(headers=headers, raise_request_exception=False).put(
                "/api/reports/533422/2017-07", body, content_type="application/json"
            )
            return response.status_code

        assert race(send) == [200, 409]
    assert deqin_july().version == 1 + PAIRS
