"""The report page: a 暂未公布 box per figure and the figures' date, checked by the form."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from deqin_july import DEQIN_JULY, form
from django.test import Client

from anju.reporting.models import Report, ReportValue

pytestmark = pytest.mark.django_db


def test_a_figure_ticked_not_published_is_stored_as_such_and_shown_ticked(
    client: Client, people: dict[str, Any], july: Any
) -> None:
    client.force_login(people["deqin"])
    data = {**form(invest=""), "unp_invest": "1", "as_of": "2017-06-30"}
    assert client.post(DEQIN_JULY, data).status_code == 302
    report = Report.objects.get(unit__code="533422", period=july)
    assert (report.unpublished, report.as_of) == (["invest"], datetime.date(2017, 6, 30))
    assert not ReportValue.objects.filter(report=report, element__code="invest").exists()
    page = client.get(DEQIN_JULY).content.decode()
    assert 'name="unp_invest" value="1" checked' in page
    assert 'name="as_of" value="2017-06-30"' in page


def test_a_figure_both_typed_and_ticked_is_refused_beside_it(
    client: Client, people: dict[str, Any], july: Any
) -> None:
    client.force_login(people["deqin"])
    response = client.post(DEQIN_JULY, {**form(), "unp_invest": "1", "as_of": "2017-08-01"})
    page = response.content.decode()
    assert response.status_code == 422
    assert "完成投资：已标为暂未公布，请清空数值或取消“暂未公布”" in page
    assert "数据截止日期2017-08-01应早于2017-07-31且在2017年内" in page
    assert not Report.objects.filter(period=july).exists()


def test_a_date_that_is_no_date_is_named(client: Client, people: dict[str, Any], july: Any) -> None:
    client.force_login(people["deqin"])
    response = client.post(DEQIN_JULY, {**form(), "as_of": "六月底"})
    assert response.status_code == 400
    assert "数据截止日期：请按“2019-05-31”的格式填写日期" in response.content.decode()
