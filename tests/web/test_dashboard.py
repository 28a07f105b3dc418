"""The leaders' dashboard page of 迪庆州 for June 2017, as the leader sees it."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from anju.programmes.models import Programme, Unit
from anju.reporting.models import Report
from anju.reporting.rollup import subtree_sums_rebuild
from anju.reporting.services import period_open, report_set_values
from anju.reporting.workflow import report_for

pytestmark = pytest.mark.django_db

PAGE = "/u/533400/2017-06/"


def page_for(client: Client, user: User, url: str = PAGE) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def json_data(page: str, element_id: str) -> Any:
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', page)
    assert match is not None, f"no {element_id} script"
    return json.loads(match.group(1))


@pytest.fixture
def june(client: Client, people: dict[str, User]) -> str:
    return page_for(client, people["leader"])


def test_cards_show_the_totals_and_rates(june: str) -> None:
    for card in (
        '<h2>棚户区改造开工</h2>\n      <p class="dash-figure">'
        '<span class="dash-value">2,294</span> <span class="dash-of">/ 3,725</span></p>\n'
        '      <p class="dash-rate"><span>开工率</span> <strong>61.58%</strong></p>',
        '<span class="dash-value">172</span> <span class="dash-of">/ 3,725</span>',
        "<strong>4.6%</strong>",
        '<h2>完成投资（万元）</h2>\n      <p class="dash-figure"><span class="dash-value">'
        "16,267.62</span></p>",
        '<span class="dash-value">9,384</span> <span class="dash-of">/ 14,680</span>',
        "<strong>63.92%</strong>",
    ):
        assert card in june


def test_chart_data_carries_the_engines_figures_and_the_milestone_lines(june: str) -> None:
    chart = json_data(june, "dashboard-chart-data")
    assert [(bar["name"], bar["value"], bar["text"]) for bar in chart["bars"]] == [
        ("香格里拉市", "62.05", "62.05%"),
        ("德钦县", "61.20", "61.20%"),
        ("维西县", "61.02", "61.02%"),
    ]
    assert chart["lines"] == [
        {"value": "60", "label": "6月30日 60%"},
        {"value": "100", "label": "10月31日 100%"},
    ]
    assert '<script src="/static/vendor/echarts/echarts.min.js" defer></script>' in june
    assert '<script src="/static/web/dashboard.js" defer></script>' in june


def test_ranking_tables_are_on_the_page(june: str) -> None:
    for cell in (
        "<h3>2017年各县市区城镇棚户区开工率排序表</h3>",
        '<td class="unit">德钦县</td><td class="value">250</td><td class="value">153</td>'
        '<td class="value">61.20%</td><td class="rank">2</td>',
        '<td class="value">16,267.62</td>',
        '<td class="change">新增40套退出95套</td>',
        "开发区无下达任务，不参与排序。",
    ):
        assert cell in june


def test_alerts_name_the_units_still_to_start_with_the_engines_figures(june: str) -> None:
    # 10月31日: the whole task. 维西县 1475 - 900 = 575 over four months → 144 a month; a
    # straight line from nothing in January to 900 by June reaches 1500 by October.
    assert (
        "<strong>维西县</strong>：距10月31日开工率100%还需开工 575 套，每月需开工 144 套；"
        "按目前进度预计届时开工 1,500 套" in june
    )
    assert "<strong>德钦县</strong>：距10月31日开工率100%还需开工 97 套，每月需开工 25 套" in june
    assert "<strong>香格里拉市</strong>：距10月31日开工率100%还需开工 759 套" in june
    # 6月30日: each of the three reached 60%.
    assert "已完成：香格里拉市、德钦县、维西县" in june


def test_completeness_counts_the_five_approved_units(june: str) -> None:
    assert "填报单位 <strong>5</strong> 个" in june
    assert '<span class="status status-approved">已审核 <strong>5</strong></span>' in june
    assert "以上合计只含已审核" not in june


def test_one_month_shows_a_note_instead_of_a_trend(june: str) -> None:
    assert "只有一个月的数据，暂无趋势" in june
    assert 'id="dashboard-trend-data"' not in june


def test_a_second_month_draws_the_trend(client: Client, people: dict[str, User]) -> None:
    july = period_open(programme=Programme.objects.get(code="diqing-2017"), month=7)
    for code, started in (("533401", "1500"), ("533422", "160"), ("533423", "1100")):
        report = report_for(unit=Unit.objects.get(code=code), period=july)
        report_set_values(
            report=report, values={"pg_started": started}, channel="form", allow_any_status=True
        )
        report.status = Report.Status.APPROVED
        report.save(update_fields=["status"])
    subtree_sums_rebuild(period=july)  # approved below the workflow: the sums follow
    page = page_for(client, people["leader"], "/u/533400/2017-07/")
    trend = json_data(page, "dashboard-trend-data")
    assert trend["months"] == [f"{month}月" for month in range(1, 8)]
    started = trend["series"][0]
    assert (started["name"], started["measure"]) == ("棚户区改造开工数", "套")
    # 1241 + 153 + 900 in June; 1500 + 160 + 1100 in July; nothing published before June.
    assert [point["value"] for point in started["points"]] == [None] * 5 + ["2294", "2760"]
    # What the chart prints (its labels and tooltips) reads as the table beside it does.
    assert [point["text"] for point in started["points"]][5:] == ["2,294", "2,760"]
    assert "只有一个月的数据" not in page
    # 开发区 and 州本级 have not reported July: the totals say they are partial.
    assert "以上合计只含已审核的 3 个填报单位（共 5 个）" in page


def test_the_page_loads_nothing_from_another_host(june: str) -> None:
    assert re.findall(r"""(?:src|href)\s*=\s*["']?(?:[a-z]+:)?//""", june, re.IGNORECASE) == []
    assert "http://" not in june and "https://" not in june


def test_the_shared_navigation_names_the_place(june: str) -> None:
    assert '<nav class="place-nav"' in june
    assert '<a href="/u/533400/2017-06/tables/">' in june


def test_anonymous_visitors_are_sent_to_log_in(client: Client) -> None:
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={PAGE}"


def test_a_user_without_a_role_on_the_scope_is_refused(client: Client) -> None:
    client.force_login(User.objects.create_user(username="visitor", password="x-anju-demo"))
    assert client.get(PAGE).status_code == 403


def test_a_reporter_sees_where_their_unit_stands(client: Client, people: dict[str, User]) -> None:
    page = page_for(client, people["deqin"])
    assert "<strong>德钦县</strong>：距10月31日开工率100%还需开工 97 套" in page


def test_an_unknown_month_is_not_found(client: Client, people: dict[str, User]) -> None:
    client.force_login(people["leader"])
    assert client.get("/u/533400/2017-09/").status_code == 404


def test_a_partial_month_in_the_trend_says_how_many_units_are_in(
    client: Client, people: dict[str, Any]
) -> None:

    july = period_open(programme=Programme.objects.get(code="diqing-2017"), month=7)
    for code, started in (("533401", "1300"), ("533422", "160")):
        report = report_for(unit=Unit.objects.get(code=code), period=july)
        report_set_values(report=report, values={"pg_started": started}, channel="form")
        Report.objects.filter(pk=report.pk).update(status=Report.Status.APPROVED)
    subtree_sums_rebuild(period=july)  # approved below the workflow: the sums follow
    client.force_login(people["leader"])
    page = client.get("/u/533400/2017-07/").content.decode()
    assert '<td class="value partial">1,460<small>（2/5个单位已审核）</small></td>' in page
    assert "空心点：该月只有部分单位的数据已审核，合计暂时偏低，不是下降。" in page
    assert '"partial": true, "note": "2/5\\u4e2a\\u5355\\u4f4d\\u5df2\\u5ba1\\u6838"' in page
