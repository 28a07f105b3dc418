"""Moving between months: every scope page has a month switcher, homes land on the latest
month with reviewed figures, reporters see every report waiting for them, the office sees
what waits for review."""

from __future__ import annotations

import datetime
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from anju.programmes.models import Programme
from anju.reporting.models import Period
from anju.reporting.services import period_open

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")
JUNE_FIGURES = {
    "pg_started": "153",
    "jb_done": "0",
    "invest": "1260",
    "hbh_households": "153",
    "hbh_area": "17136",
    "gzf_built": "2180",
    "gzf_new": "34",
    "gzf_exit": "0",
    "gzf_occupied": "2074",
}


def signed_in(people: dict[str, Any], who: str) -> Client:
    client = Client()
    client.force_login(people[who])
    return client


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def open_month(month: int, due: datetime.date | None = None) -> Period:
    period = period_open(programme=Programme.objects.get(code="diqing-2017"), month=month)
    period.due_date = due
    period.save(update_fields=["due_date"])
    return period


def submit(client: Client, unit: str, month: int, version: int = 1) -> None:
    data = {f"fig_{code}": value for code, value in JUNE_FIGURES.items()}
    response = client.post(
        f"/r/{unit}/2017-{month:02d}/", {**data, "version": str(version), "action": "submit"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_leader_lands_on_the_reviewed_month_and_sees_the_open_one(
    people: dict[str, Any], july: Any
) -> None:
    leader = signed_in(people, "leader")
    assert leader.get("/")["Location"] == "/u/533400/2017-06/"  # not July's empty page
    page = leader.get("/u/533400/2017-06/").content.decode()
    assert 'href="/u/533400/2017-07/">正在填报：2017年7月</a>' in page
    assert '<a class="month-step" href="/u/533400/2017-07/" rel="next"' in page
    july_page = leader.get("/u/533400/2017-07/").content.decode()
    assert '<a class="month-step" href="/u/533400/2017-06/" rel="prev"' in july_page
    assert "正在填报" not in july_page  # it is the open month itself


def test_the_switcher_keeps_the_page_and_lists_every_month(
    people: dict[str, Any], july: Any
) -> None:
    page = signed_in(people, "inspector").get("/u/533400/2017-07/completeness/").content.decode()
    assert 'href="/u/533400/2017-06/completeness/"' in page
    months = text(page.split('class="month-list"')[1].split("</details>")[0])
    assert "2017年6月 填报中" in months and "2017年7月 填报中" in months


def test_viewers_see_the_months_read_only(people: dict[str, Any], july: Any) -> None:
    response = signed_in(people, "leader").get("/u/533400/months/")
    assert response.status_code == 200
    page = text(response.content.decode())
    assert "2017年7月 填报中 — 0 / 5 0 填报进度" in page
    assert "2017年6月 填报中 — 5 / 5 0 填报进度" in page
    assert "开启月份" not in page
    assert "开启月份" in signed_in(people, "office").get("/u/533400/months/").content.decode()


def test_the_office_sees_what_waits_for_review_in_the_navigation(
    people: dict[str, Any], july: Any
) -> None:
    office = signed_in(people, "office")
    assert ">待审核 0</a>" in office.get("/u/533400/2017-07/").content.decode()
    submit(signed_in(people, "deqin"), "533422", 7)
    assert '<a href="/u/533400/2017-07/review/">待审核 1</a>' in (
        office.get("/u/533400/2017-07/").content.decode()
    )
    assert "待审核" not in signed_in(people, "leader").get("/u/533400/2017-07/").content.decode()


def test_a_returned_report_of_an_earlier_month_is_where_a_reporter_lands(
    people: dict[str, Any], july: Any
) -> None:
    deqin, office = signed_in(people, "deqin"), signed_in(people, "office")
    submit(deqin, "533422", 7)
    office.post("/r/533422/2017-07/review/", {"action": "return", "comment": "请核对投资数"})
    open_month(8, datetime.date(2017, 9, 5))
    assert deqin.get("/")["Location"] == "/r/533422/2017-07/"
    with time_machine.travel(datetime.datetime(2017, 9, 2, 9, tzinfo=BEIJING)):
        page = text(deqin.get("/r/533422/2017-08/").content.decode())
    assert "需要您处理的报表（2 份）" in page
    assert "德钦县 · 2017年7月 已退回 退回意见：请核对投资数" in page
    assert "德钦县 · 2017年8月 未填报 报送截止日期 2017-09-05（还有 3 天）" in page


def test_a_reporter_sees_the_due_date_and_days_left(people: dict[str, Any]) -> None:
    open_month(7, datetime.date(2017, 8, 5))
    deqin = signed_in(people, "deqin")
    with time_machine.travel(datetime.datetime(2017, 8, 5, 9, tzinfo=BEIJING)):
        today = text(deqin.get("/r/533422/2017-07/").content.decode())
    with time_machine.travel(datetime.datetime(2017, 8, 7, 9, tzinfo=BEIJING)):
        late = text(deqin.get("/r/533422/2017-07/").content.decode())
    assert "报送截止日期 2017-08-05（今天截止）" in today
    assert "报送截止日期 2017-08-05（已逾期 2 天）" in late


def test_a_reporter_with_nothing_to_do_lands_on_the_latest_month(people: dict[str, Any]) -> None:
    assert signed_in(people, "deqin").get("/")["Location"] == "/r/533422/2017-06/"
