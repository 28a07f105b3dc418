"""The month's attachment tables page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_home_leads_a_leader_to_the_latest_month(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["leader"])
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/u/533400/2017-06/"


def test_home_leads_a_reporter_to_their_report(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["deqin"])
    assert client.get("/")["Location"] == "/r/533422/2017-06/"


def test_anonymous_users_are_sent_to_login(client: Client) -> None:
    response = client.get("/u/533400/2017-06/tables/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_tables_page_shows_the_three_attachments(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["leader"])
    page = client.get("/u/533400/2017-06/tables/").content.decode()
    for text in (
        "2017年各县市区城镇棚户区开工率排序表",
        '<td class="value">62.05%</td>',
        '<td class="value">16,267.62</td>',
        '<td class="change">新增40套退出95套</td>',
        '<td class="change">净增19套</td>',
        "开发区无下达任务，不参与排序。",
    ):
        assert text in page


def test_an_unknown_month_is_a_404(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["leader"])
    assert client.get("/u/533400/2017-09/tables/").status_code == 404
