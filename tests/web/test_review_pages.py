"""Review that is read: nothing approved by a stray click, a resubmission shows what changed
since it was sent back, and a refused stale save keeps what was typed beside what is stored."""

from __future__ import annotations

import re
from typing import Any

import pytest
from deqin_july import DEQIN_JULY, form
from django.test import Client

from anju.reporting.models import Report

pytestmark = pytest.mark.django_db


def signed_in(people: dict[str, Any], who: str) -> Client:
    client = Client()
    client.force_login(people[who])
    return client


def version() -> int:
    return Report.objects.get(unit__code="533422", period__month=7).version


def text(html: str) -> str:
    """The page as read: tags dropped, white space collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_bulk_approval_ticks_nothing_by_default(people: dict[str, Any]) -> None:
    Report.objects.filter(period__month=6).update(status=Report.Status.SUBMITTED)
    page = signed_in(people, "office").get("/u/533400/2017-06/review/").content.decode()
    assert page.count('name="report"') == 5
    assert " checked" not in page


def test_a_resubmission_shows_what_changed_since_the_return(
    people: dict[str, Any], july: Any
) -> None:
    deqin, office = signed_in(people, "deqin"), signed_in(people, "office")
    deqin.post(DEQIN_JULY, form(action="submit", pg_started="200"))
    office.post(DEQIN_JULY + "review/", {"action": "return", "comment": "请核对投资数"})
    deqin.post(DEQIN_JULY, form(version(), pg_started="200", invest="1250"))
    deqin.post(DEQIN_JULY, form(version(), action="submit", pg_started="200", invest="1300"))

    page = text(office.get(DEQIN_JULY).content.decode())
    assert "退回后修改的数字" in page
    assert "退回意见：请核对投资数" in page
    assert "完成投资：退回时 1,260.00，现在 1,300.00" in page  # the draft step between is skipped
    assert "棚户区改造开工数：退回时" not in page  # changed before the return


def test_a_resubmission_without_changes_says_so(people: dict[str, Any], july: Any) -> None:
    deqin, office = signed_in(people, "deqin"), signed_in(people, "office")
    deqin.post(DEQIN_JULY, form(action="submit"))
    office.post(DEQIN_JULY + "review/", {"action": "return", "comment": "请补充说明"})
    deqin.post(DEQIN_JULY, form(version(), action="submit"))
    assert "退回后没有修改任何数字" in office.get(DEQIN_JULY).content.decode()


def test_a_first_submission_shows_no_changes_section(people: dict[str, Any], july: Any) -> None:
    signed_in(people, "deqin").post(DEQIN_JULY, form(action="submit"))
    page = signed_in(people, "office").get(DEQIN_JULY).content.decode()
    assert "退回后" not in page


def test_a_stale_save_keeps_what_was_typed_beside_what_is_stored(
    people: dict[str, Any], july: Any
) -> None:
    deqin = signed_in(people, "deqin")
    deqin.post(DEQIN_JULY, form(pg_started="180"))
    signed_in(people, "office").post(DEQIN_JULY, form(version(), pg_started="190"))
    response = deqin.post(DEQIN_JULY, form(2, pg_started="185", invest="1270"))
    assert response.status_code == 409
    html = response.content.decode()
    assert 'name="fig_pg_started" value="185"' in html  # what was typed is still there
    assert 'name="fig_invest" value="1270"' in html
    page = text(html)
    assert "州安居办管理员" in page and "修改了这份报表，您的数字还没有保存" in page
    assert "现在保存的是： 190" in page
    assert "现在保存的是： 1,260.00" in page
    assert "版本" not in page
    # The form now carries the stored version: saving again, having looked, succeeds.
    assert f'name="version" value="{version()}"' in html


def test_a_stale_save_on_a_report_submitted_meanwhile_shows_both(
    people: dict[str, Any], july: Any
) -> None:
    deqin = signed_in(people, "deqin")
    deqin.post(DEQIN_JULY, form(pg_started="180"))
    office = signed_in(people, "office")
    office.post(DEQIN_JULY, form(version(), action="submit", pg_started="180"))
    response = deqin.post(DEQIN_JULY, form(2, pg_started="185"))
    assert response.status_code == 409
    page = text(response.content.decode())
    assert "棚户区改造开工数 套 153 250 180 您填写的是： 185" in page
    assert page.count("您填写的是") == 1  # 1260 typed is the 1260.00 stored


def test_a_stale_version_for_a_report_nobody_started_is_refused_plainly(
    people: dict[str, Any], july: Any
) -> None:
    response = signed_in(people, "deqin").post(DEQIN_JULY, form(2, pg_started="185"))
    assert response.status_code == 409
    assert "您填写期间，这份报表已被他人修改。" in response.content.decode()
    assert not Report.objects.filter(period=july).exists()
