"""How pages word things: languages named in their own language, people by name and unit,
stored figures trimmed, and an icon of the site's own."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from anju.programmes.models import Unit
from anju.reporting.services import report_set_values
from anju.reporting.workflow import report_for

pytestmark = pytest.mark.django_db


def signed_in(people: dict[str, Any], who: str) -> Client:
    client = Client()
    client.force_login(people[who])
    return client


def test_the_language_selector_names_each_language_in_itself(people: dict[str, Any]) -> None:
    page = signed_in(people, "leader").get("/u/533400/2017-06/").content.decode()
    assert '<option value="en" lang="en">English</option>' in page
    assert ">简体中文</option>" in page
    assert "英语" not in page


def test_the_header_names_the_person_and_their_unit(people: dict[str, Any]) -> None:
    page = signed_in(people, "deqin").get("/r/533422/2017-06/").content.decode()
    assert '<span class="who" title="deqin">德钦县填报员</span>' in page
    people["deqin"].first_name = "张三"
    people["deqin"].save()
    page = signed_in(people, "deqin").get("/r/533422/2017-06/").content.decode()
    assert '<span class="who" title="deqin">张三（德钦县）</span>' in page


def test_the_audit_trail_prints_figures_trimmed(people: dict[str, Any], july: Any) -> None:
    report = report_for(unit=Unit.objects.get(code="533400-KFQ"), period=july)
    report_set_values(
        report=report, values={"invest": "760.4"}, user=people["office"], channel="form"
    )
    page = signed_in(people, "inspector").get("/u/533400/audit/?unit=533400-KFQ").content.decode()
    assert '<td class="value">760.4</td>' in page
    assert "760.4000" not in page


def test_the_site_has_an_icon_of_its_own(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/anju/favicon.svg"
    assert finders.find("anju/favicon.svg") is not None


def test_the_audit_trail_names_the_person_and_their_unit(people: dict[str, Any], july: Any) -> None:
    people["deqin"].first_name = "张三"
    people["deqin"].save()
    report = report_for(unit=Unit.objects.get(code="533422"), period=july)
    report_set_values(
        report=report, values={"hbh_area": "17136.5"}, user=people["deqin"], channel="form"
    )
    inspector = signed_in(people, "inspector")
    page = inspector.get("/u/533400/audit/?unit=533422").content.decode()
    assert "<td>张三（德钦县）</td>" in page
    assert '<td class="value">17,136.5</td>' in page  # grouped on the page, as typed
    assert ">deqin<" not in page
    # The 操作人 filter finds them by the name shown as well as by their login.
    for who in ("张三", "deqin"):
        found = inspector.get("/u/533400/audit/", {"user": who}).content.decode()
        assert "<td>张三（德钦县）</td>" in found
    nobody = inspector.get("/u/533400/audit/", {"user": "李四"}).content.decode()
    assert "没有符合条件的记录。" in nobody
