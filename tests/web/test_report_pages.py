"""A month's work through the pages: enter, get told what is wrong, submit, review, unlock."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from deqin_july import DEQIN_JULY, form
from django.test import Client

from anju.reporting.models import Report, ReportEvent, ReportValue, ValueChange

pytestmark = pytest.mark.django_db


def login(client: Client, people: dict[str, Any], who: str) -> Client:
    client.force_login(people[who])
    return client


def report() -> Report:
    return Report.objects.get(unit__code="533422", period__month=7)


def test_the_form_shows_last_month_and_the_target(
    client: Client, people: dict[str, Any], july: Any
) -> None:
    page = login(client, people, "deqin").get(DEQIN_JULY).content.decode()
    assert "棚户区改造开工数" in page
    assert '<td class="value" data-label="上月数">153</td>' in page  # June's figure
    assert 'title="棚户区改造目标任务数" data-label="年度任务">250</td>' in page
    assert not Report.objects.filter(period=july).exists()  # looking creates nothing


def test_a_wrong_figure_is_named_and_nothing_is_stored(
    client: Client, people: dict[str, Any], july: Any
) -> None:
    response = login(client, people, "deqin").post(
        DEQIN_JULY, form(pg_started="12a", gzf_occupied="2200")
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "棚户区改造开工数：“12a”不是数字，请填写不小于0的整数（套）" in page
    assert "公租房累计分配入住套数：2200套超过公租房实际建设套数2180套，请核对" in page
    assert 'value="12a"' in page  # what the user typed is shown back to be corrected
    assert not ReportValue.objects.filter(report__period=july).exists()


def test_a_falling_year_to_date_figure_is_refused(
    client: Client, people: dict[str, Any], july: Any
) -> None:
    response = login(client, people, "deqin").post(DEQIN_JULY, form(invest="1200"))
    assert "完成投资：1200万元低于上月的1260万元；年度累计数不应减少，请核对" in (
        response.content.decode()
    )


def test_submit_then_return_then_resubmit_then_approve(
    client: Client, people: dict[str, Any], july: Any
) -> None:
    deqin, office = Client(), Client()
    login(deqin, people, "deqin")
    login(office, people, "office")
    assert deqin.post(DEQIN_JULY, form(action="submit", pg_started="200")).status_code == 302
    assert report().status == Report.Status.SUBMITTED

    office.post(DEQIN_JULY + "review/", {"action": "return", "comment": "请核对投资数"})
    assert report().status == Report.Status.RETURNED
    assert "请核对投资数" in deqin.get(DEQIN_JULY).content.decode()

    version = report().version
    deqin.post(DEQIN_JULY, form(version, action="submit", pg_started="200", invest="1300"))
    office.post(DEQIN_JULY + "review/", {"action": "approve"})
    assert report().status == Report.Status.APPROVED
    actions = list(report().events.order_by("at", "id").values_list("action", flat=True))
    assert actions == ["submit", "return", "submit", "approve"]
    invest = ValueChange.objects.filter(report=report(), element__code="invest").earliest("id")
    assert (invest.old_value, invest.new_value, invest.user) == (
        None,
        Decimal(1260),
        people["deqin"],
    )
    assert ValueChange.objects.filter(
        report=report(), element__code="invest", new_value=Decimal(1300)
    ).get().old_value == Decimal(1260)


def test_a_warning_needs_a_note_before_submission(
    client: Client, people: dict[str, Any], july: Any
) -> None:
    login(client, people, "deqin")
    response = client.post(DEQIN_JULY, form(action="submit", pg_started="260"))
    page = response.content.decode()
    assert "棚户区改造开工数：260套超过棚户区改造目标任务数250套，请在说明中写明原因" in page
    assert "以上情况需要在“填报说明”中写明原因后才能报送" in page
    assert report().status == Report.Status.DRAFT
    client.post(
        DEQIN_JULY,
        form(report().version, action="submit", note="含提前实施的2018年项目", pg_started="260"),
    )
    assert report().status == Report.Status.SUBMITTED
    assert report().note == "含提前实施的2018年项目"


def test_a_stale_form_does_not_overwrite_someone_elses_change(
    client: Client, people: dict[str, Any], july: Any
) -> None:
    login(client, people, "deqin").post(DEQIN_JULY, form(pg_started="180"))
    office = login(Client(), people, "office")
    office.post(DEQIN_JULY, form(report().version, pg_started="190"))
    response = client.post(DEQIN_JULY, form(2, pg_started="185"))  # read before the office
    assert response.status_code == 409
    assert "修改了这份报表，您的数字还没有保存" in response.content.decode()
    stored = ReportValue.objects.get(report=report(), element__code="pg_started").value
    assert stored == Decimal(190)


def test_bulk_approval_and_unlocking_a_locked_report(
    client: Client, people: dict[str, Any]
) -> None:
    Report.objects.filter(period__month=6).update(status=Report.Status.SUBMITTED)
    office = login(client, people, "office")
    page = office.get("/u/533400/2017-06/review/").content.decode()
    assert page.count('name="report"') == 5
    ids = list(Report.objects.filter(period__month=6).values_list("pk", flat=True))
    office.post("/u/533400/2017-06/review/", {"report": ids})
    assert set(Report.objects.filter(period__month=6).values_list("status", flat=True)) == {
        Report.Status.APPROVED
    }
    Report.objects.filter(unit__code="533422", period__month=6).update(status=Report.Status.LOCKED)
    refused = office.post("/r/533422/2017-06/unlock/", {"reason": ""})
    assert refused.status_code == 302
    assert Report.objects.get(unit__code="533422", period__month=6).status == "locked"
    office.post("/r/533422/2017-06/unlock/", {"reason": "德钦县更正投资数"})
    unlocked = Report.objects.get(unit__code="533422", period__month=6)
    assert unlocked.status == Report.Status.RETURNED
    event = ReportEvent.objects.get(report=unlocked, action="unlock")
    assert (event.user, event.comment) == (people["office"], "德钦县更正投资数")


def test_completeness_shows_each_units_state(
    client: Client, people: dict[str, Any], july: Any
) -> None:
    login(client, people, "deqin").post(DEQIN_JULY, form(action="submit"))
    page = login(client, people, "leader").get("/u/533400/2017-07/completeness/")
    text = page.content.decode()
    assert "未填报 4" in text
    assert "已报送 1" in text


def test_the_office_opens_a_month_with_a_due_date(client: Client, people: dict[str, Any]) -> None:
    office = login(client, people, "office")
    office.post(
        "/u/533400/periods/", {"programme": "diqing-2017", "month": "8", "due_date": "2017-09-05"}
    )
    from anju.reporting.models import Period

    period = Period.objects.get(programme__code="diqing-2017", month=8)
    assert period.due_date.isoformat() == "2017-09-05"
    bad = office.post(
        "/u/533400/periods/", {"programme": "diqing-2017", "month": "13"}, follow=True
    )
    assert "请填写1到12之间的月份" in bad.content.decode()


def test_the_audit_page_filters_by_unit_and_figure(
    client: Client, people: dict[str, Any], july: Any
) -> None:
    login(Client(), people, "deqin").post(DEQIN_JULY, form(pg_started="200"))
    inspector = login(client, people, "inspector")
    page = inspector.get("/u/533400/audit/?unit=533422&element=pg_started").content.decode()
    assert "2017年7月" in page
    assert "棚户区改造开工数" in page
    assert ">200<" in page
    assert "<td>德钦县填报员</td>" in page  # the name, not the login
    assert "网页填报" in page
    assert "完成投资" not in page.split("<tbody>")[1]


def test_units_that_have_not_submitted_by_the_due_date_are_late(
    client: Client, people: dict[str, Any], july: Any
) -> None:
    july.due_date = datetime.date(2017, 8, 5)
    july.save(update_fields=["due_date"])
    login(Client(), people, "deqin").post(DEQIN_JULY, form(action="submit"))
    leader = login(client, people, "leader")
    # The due date is a date in the office's time zone: late from the next local midnight.
    beijing = ZoneInfo("Asia/Shanghai")
    with time_machine.travel(datetime.datetime(2017, 8, 5, 23, 30, tzinfo=beijing)):
        on_time = leader.get("/u/533400/2017-07/completeness/").content.decode()
    with time_machine.travel(datetime.datetime(2017, 8, 6, 0, 30, tzinfo=beijing)):
        after = leader.get("/u/533400/2017-07/completeness/").content.decode()
    assert "逾期" not in on_time.split("<tbody>")[1]
    assert '<span class="pill late">逾期 4</span>' in after
    rows = after.split("<tbody>")[1]
    late_rows = [row for row in rows.split("<tr") if "逾期" in row]
    assert len(late_rows) == 4
    assert not any("德钦县" in row for row in late_rows)  # it submitted in time


def test_a_report_nobody_has_saved_is_named_alike_in_its_heading_and_the_to_do(
    client: Client, people: dict[str, Any], july: Any
) -> None:
    reporter = login(client, people, "deqin")
    page = reporter.get(DEQIN_JULY).content.decode()
    heading = page.split("</h1>")[0].rsplit("<h1>", 1)[1]
    assert '<span class="status status-missing">未填报</span>' in heading
    todo = page.split('class="card todo"')[1].split("</section>")[0]
    assert '<span class="status status-missing">未填报</span>' in todo
    assert "status-draft" not in page

    reporter.post(DEQIN_JULY, form(action="save", fig_pg_started="160"))
    page = reporter.get(DEQIN_JULY).content.decode()
    heading = page.split("</h1>")[0].rsplit("<h1>", 1)[1]
    todo = page.split('class="card todo"')[1].split("</section>")[0]
    assert '<span class="status status-draft">草稿</span>' in heading
    assert '<span class="status status-draft">草稿</span>' in todo
