"""The month's attachment tables page."""

from __future__ import annotations

import re
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


def test_a_county_dashboard_links_to_the_tables_that_rank_it(
    client: Client, people: dict[str, Any]
) -> None:
    client.force_login(people["deqin"])
    page = client.get("/u/533422/2017-06/").content.decode()
    assert 'href="/u/533400/2017-06/tables/">查看迪庆州的排序表</a>' in page
    assert "/u/533422/2017-06/tables/" not in page
    assert client.get("/u/533400/2017-06/tables/").status_code == 200


def test_a_county_overseer_who_may_not_see_the_prefecture_is_not_sent_there(
    client: Client, django_user_model: Any
) -> None:
    from anju.accounts.models import Role
    from anju.programmes.models import Unit

    county_leader = django_user_model.objects.create_user("deqin-leader")
    Role.objects.create(user=county_leader, kind="leader", unit=Unit.objects.get(code="533422"))
    client.force_login(county_leader)
    assert client.get("/u/533400/2017-06/tables/").status_code == 403
    page = client.get("/u/533422/2017-06/").content.decode()
    assert "排序表" in page
    assert "/tables/" not in page


def test_a_county_has_no_tables_of_its_own_and_is_sent_to_its_prefectures(
    client: Client, people: dict[str, Any]
) -> None:
    client.force_login(people["deqin"])
    response = client.get("/u/533422/2017-06/tables/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "德钦县没有下级单位，没有排序表和通报；请查看迪庆州的排序表和通报。" in page
    assert '<a href="/u/533400/2017-06/tables/">查看迪庆州的排序表</a>' in page
    # The month switcher leads to the county's other months' dashboards, not to more 404s.
    assert not re.search(r'href="/u/533422/[0-9-]+/tables/"', page)
    assert 'href="/u/533422/2017-06/"' in page
