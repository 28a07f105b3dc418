"""A page of a unit rather than of one month keeps the unit's bar: its name, its months and
its other pages, as every month's page has them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def bar(html: str) -> str:
    found = re.search(r'<nav class="place-nav".*?</nav>', html, re.S)
    return found.group(0) if found else ""


@pytest.mark.parametrize(
    "url",
    ["/u/533400/periods/", "/u/533400/audit/", "/u/533400/bulletins/", "/u/533400/inspections/"],
)
def test_the_offices_unit_pages_carry_the_unit_bar(client: Client, people: Any, url: str) -> None:
    client.force_login(people["office"])
    response = client.get(url)
    assert response.status_code == 200
    nav = bar(response.content.decode())
    assert "<strong>迪庆州</strong>" in nav
    assert 'href="/u/533400/2017-06/"' in nav  # the dashboard of its newest month
    assert 'href="/u/533400/2017-06/tables/"' in nav


def test_no_bar_names_a_unit_the_viewer_may_not_see(client: Client, people: Any) -> None:
    client.force_login(people["deqin"])
    response = client.get("/u/533401/inspections/")  # 香格里拉市's, not 德钦县's
    assert response.status_code == 403
    assert bar(response.content.decode()) == ""
