"""The dashboard's 月工作目标 panel: each county against its goal, the total of the sums,
and what next month must add to reach next month's goal."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from anju.plans.dashboard import plan_panels
from anju.programmes.models import Unit
from anju.reporting.dashboard import dashboard_data
from anju.reporting.models import Period

pytestmark = pytest.mark.django_db


def test_the_panel_compares_each_county_with_its_plan(example: None) -> None:
    period = Period.objects.get(programme__code="qxn-2019-plans", month=5)
    data = dashboard_data(scope=Unit.objects.get(code="522300"), period=period)
    (panel,) = data.plans
    assert panel.name == "棚户区改造开工数"
    rows = {row.unit_name: row for row in panel.rows}
    # 兴义市: goal 1500, 1432 started, 68 short, 95.47%; June's goal 2000 needs 568 more.
    xingyi = rows["兴义市"]
    assert (xingyi.goal, xingyi.actual, xingyi.gap, xingyi.rate) == ("1500", "1432", "68", "95.47")
    assert (xingyi.next_goal, xingyi.next_needed) == ("2000", "568")
    # 兴仁市 is ahead: a negative gap, and June's goal of 950 needs 238 more than 712.
    assert (rows["兴仁市"].gap, rows["兴仁市"].met, rows["兴仁市"].next_needed) == (
        "-12",
        True,
        "238",
    )
    total = panel.total
    assert (total.goal, total.actual, total.gap, total.rate) == ("3260", "3124", "136", "95.83")
    assert [row.unit_name for row in panel.behind] == ["兴义市", "普安县", "贞丰县"]


def test_no_panel_without_plans(people: object) -> None:
    period = Period.objects.get(programme__code="diqing-2017", month=6)
    units = dashboard_data(scope=Unit.objects.get(code="533400"), period=period)
    assert units.plans == ()
    assert plan_panels(programme=period.programme, month=6, units=[]) == ()


def test_the_dashboard_page_shows_the_panel_with_links_to_the_plans(
    example: None, client: Client
) -> None:
    client.force_login(User.objects.create_superuser("root", password="x"))
    page = client.get("/u/522300/2019-05/").content.decode()
    assert "月工作目标" in page
    assert '<a href="/u/522323/plans/2019/">普安县</a>' in page
    assert "未完成本月计划：兴义市（差 68）、普安县（差 49）、贞丰县（差 31）" in page
