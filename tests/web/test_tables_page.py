"""The first page shows the month's attachment tables."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_home_leads_to_the_latest_published_month(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/tables/533400/2017-06/"


def test_tables_page_shows_the_three_attachments(client: Client) -> None:
    page = client.get("/tables/533400/2017-06/").content.decode()
    for text in (
        "2017年各县市区城镇棚户区开工率排序表",
        '<td class="value">62.05%</td>',
        '<td class="value">16267.62</td>',
        '<td class="change">新增40套退出95套</td>',
        '<td class="change">净增19套</td>',
        "开发区无下达任务，不参与排序。",
    ):
        assert text in page


def test_an_unknown_month_is_a_404_that_says_why(client: Client) -> None:
    response = client.get("/tables/533400/2017-09/")
    assert response.status_code == 404
