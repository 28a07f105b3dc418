"""The month's life: open → 填报中 → 已印发 → 已关闭; a closed month changes only through an
admin's unlock, with a reason, of the report concerned."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from anju.errors import InvalidInput
from anju.programmes.models import Programme, Unit
from anju.reporting.models import Period, Report, ReportValue
from anju.reporting.services import period_close, period_open, report_set_values
from anju.reporting.workflow import (
    report_actions,
    report_approve,
    report_peek,
    report_submit,
    report_unlock,
)

pytestmark = pytest.mark.django_db

CLOSED = "2017年6月已关闭，报表不能再修改；如需更正，请由管理员解锁并填写理由"


@pytest.fixture
def june() -> Period:
    return Period.objects.get(programme__code="diqing-2017", month=6)


def deqin(period: Period) -> Report:
    return Report.objects.get(period=period, unit__code="533422")


def started(report: Report) -> Decimal:
    return ReportValue.objects.get(report=report, element__code="pg_started").value


def test_closing_locks_the_reviewed_reports(june: Period, people: dict[str, Any]) -> None:
    period_close(period=june, user=people["office"])
    june.refresh_from_db()
    assert june.get_status_display() == "已关闭"
    assert june.closed_by == people["office"]
    assert set(Report.objects.filter(period=june).values_list("status", flat=True)) == {
        Report.Status.LOCKED
    }


def test_a_closed_month_refuses_writes_with_a_clear_message(
    june: Period, people: dict[str, Any]
) -> None:
    period_close(period=june, user=people["office"])
    with pytest.raises(InvalidInput) as caught:
        report_set_values(
            report=deqin(june), values={"pg_started": "163"}, user=people["office"], channel="form"
        )
    assert caught.value.problems == [CLOSED]
    assert started(deqin(june)) == 153


def test_a_unit_that_never_reported_cannot_start_in_a_closed_month(
    people: dict[str, Any],
) -> None:
    programme = Programme.objects.get(code="diqing-2017")
    july = period_close(period=period_open(programme=programme, month=7), user=people["office"])
    report = report_peek(unit=Unit.objects.get(code="533422"), period=july)
    assert report_actions(report=report, user=people["deqin"]) == []
    with pytest.raises(InvalidInput) as caught:
        report_submit(report=report, user=people["deqin"])
    assert caught.value.problems == [CLOSED.replace("6月", "7月")]
    assert not Report.objects.filter(period=july).exists()


def test_an_unlock_with_a_reason_lets_one_report_change_and_approval_locks_it_again(
    june: Period, people: dict[str, Any]
) -> None:
    office, reporter = people["office"], people["deqin"]
    period_close(period=june, user=office)
    with pytest.raises(InvalidInput) as caught:
        report_unlock(report=deqin(june), user=office, reason=" ")
    assert caught.value.problems == ["解锁须填写理由"]

    report = report_unlock(report=deqin(june), user=office, reason="开工数少报10套")
    report = report_set_values(
        report=report, values={"pg_started": "163"}, user=reporter, channel="form"
    )
    report = report_submit(report=report, user=reporter)
    report = report_approve(report=report, user=office)
    assert report.get_status_display() == "已锁定"
    assert started(report) == 163
    # The other units stay closed.
    with pytest.raises(InvalidInput):
        report_set_values(
            report=Report.objects.get(period=june, unit__code="533401"),
            values={"pg_started": "1300"},
            user=office,
            channel="form",
        )


def test_a_month_with_reports_waiting_for_review_is_not_closed(
    people: dict[str, Any],
) -> None:
    july = period_open(programme=Programme.objects.get(code="diqing-2017"), month=7)
    report = report_peek(unit=Unit.objects.get(code="533422"), period=july)
    report = Report.objects.create(period=july, unit=report.unit)
    report_set_values(
        report=report,
        values={"pg_started": "180", "gzf_built": "2180", "gzf_occupied": "2074"},
        user=people["deqin"],
        channel="form",
    )
    report_submit(report=report, user=people["deqin"], note="七月进度")
    with pytest.raises(InvalidInput) as caught:
        period_close(period=july, user=people["office"])
    assert caught.value.problems == [
        "以下单位的报表已报送、尚未审核，请先审核或退回后再关闭：德钦县"
    ]
    july.refresh_from_db()
    assert july.get_status_display() == "填报中"


def test_a_closed_month_is_not_reopened(june: Period, people: dict[str, Any]) -> None:
    period_close(period=june, user=people["office"])
    with pytest.raises(InvalidInput) as caught:
        period_open(programme=june.programme, month=6, due_date=datetime.date(2017, 8, 1))
    assert caught.value.problems == [CLOSED]


def test_opening_again_changes_the_due_date(people: dict[str, Any]) -> None:
    programme = Programme.objects.get(code="diqing-2017")
    period_open(programme=programme, month=7, due_date=datetime.date(2017, 8, 5))
    july = period_open(programme=programme, month=7, due_date=datetime.date(2017, 8, 10))
    assert july.due_date == datetime.date(2017, 8, 10)


def test_the_periods_page_closes_a_month(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["office"])
    page = client.post(
        "/u/533400/periods/",
        {"action": "close", "programme": "diqing-2017", "month": "6"},
        follow=True,
    ).content.decode()
    assert "2017年6月已关闭：报表已锁定，如需更正须由管理员解锁并填写理由" in page
    assert "<td>已关闭" in page
    again = client.post(
        "/u/533400/periods/",
        {"action": "close", "programme": "diqing-2017", "month": "6"},
        follow=True,
    ).content.decode()
    assert "2017年6月已经关闭" in again


def test_a_leader_cannot_close_a_month(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["leader"])
    response = client.post(
        "/u/533400/periods/", {"action": "close", "programme": "diqing-2017", "month": "6"}
    )
    assert response.status_code == 403
    assert Period.objects.get(programme__code="diqing-2017", month=6).closed_at is None
