"""Figures not published and the figures' date through the API: the page's rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from anju.demo.loader import demo_file
from anju.reporting.figuresfile import figures_import_file
from anju.reporting.models import Period, Report, ReportValue, ValueChange

pytestmark = pytest.mark.django_db

ClientFor = Callable[[str], Client]
JULY = "/api/reports/533401/2017-07"  # 香格里拉市, an empty draft in the `july` fixture


def put(client: Client, body: dict[str, Any]) -> Any:
    return client.put(JULY, data=body, content_type="application/json")


def test_a_figure_marked_not_published_and_a_date_are_stored_and_read_back(
    client_for: ClientFor, july: Period
) -> None:
    client = client_for("shangrila")
    body = {"version": 1, "figures": {"pg_started": "1300"}, "unpublished": ["invest"]}
    response = put(client, {**body, "as_of": "2017-06-30"})
    assert response.status_code == 200, response.content
    answer = response.json()
    assert (answer["figures"], answer["unpublished"], answer["as_of"]) == (
        {"pg_started": "1300"},
        ["invest"],
        "2017-06-30",
    )
    report = Report.objects.get(period=july, unit__code="533401")
    assert ValueChange.objects.filter(report=report, element__code="invest").get().comment == (
        "暂未公布"
    )
    # Left out, both stay; null clears the date; an empty list publishes again.
    again = put(client, {"version": answer["version"], "figures": {"jb_done": "5"}}).json()
    assert (again["unpublished"], again["as_of"]) == (["invest"], "2017-06-30")
    cleared = put(client, {"version": again["version"], "unpublished": [], "as_of": None}).json()
    assert (cleared["unpublished"], cleared["as_of"]) == ([], None)


def test_a_figure_both_given_and_marked_or_a_late_date_is_refused_and_nothing_stored(
    client_for: ClientFor, july: Period
) -> None:
    body = {"version": 1, "figures": {"invest": "12"}, "unpublished": ["invest", "colour"]}
    response = put(client_for("shangrila"), {**body, "as_of": "2017-07-31"})
    assert response.status_code == 422
    fields = response.json()["fields"]
    assert fields == {
        "invest": "完成投资：已标为暂未公布，请清空数值或取消“暂未公布”",
        "colour": "“colour”不是本计划的填报指标",
        "as_of": "数据截止日期2017-07-31应早于2017-07-31且在2017年内",
    }
    assert not ReportValue.objects.filter(report__period=july).exists()
    assert not Report.objects.filter(period=july).exists()


def test_the_scope_s_figures_name_what_each_unit_did_not_publish_and_its_date(
    client_for: ClientFor, tmp_path: Any
) -> None:
    june = demo_file("diqing-2017-06.yaml").read_text(encoding="utf-8")
    marked = june.replace("period: 2017-06", "period: 2017-07").replace(
        "  '533422':   # 德钦县\n    pg_started: 153\n", "  '533422':\n    pg_started: 暂未公布\n"
    )
    path = tmp_path / "july.yaml"
    path.write_text(marked + "as_of:\n  '533423': 2017-06-30\n", encoding="utf-8")
    figures_import_file(path=path)
    data = client_for("leader").get("/api/indicators/533400/2017-07").json()
    units = {unit["code"]: unit for unit in data["units"]}
    deqin, weixi = units["533422"], units["533423"]
    assert "pg_started" not in deqin["figures"]
    assert deqin["indicators"]["pg_rate"] is None
    assert {"pg_started", "pg_rate"} <= set(deqin["unpublished"])
    assert deqin["ranks"]["pg-start"] is None
    assert (weixi["unpublished"], weixi["as_of"]) == ([], "6月30日")
    tables = client_for("leader").get("/api/tables/533400/2017-07").json()
    first = tables["attachments"][0]
    assert "*维西县数据截至6月30日" in first["footnotes"]
