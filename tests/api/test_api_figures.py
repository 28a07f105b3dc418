"""The scope's computed figures for 迪庆州, June 2017: tables, indicators and ranks, milestones.

Expected values are worked out by hand from the demo's raw counts, not read back from anju.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from anju.programmes.models import DataElement, Programme, Target
from anju.programmes.services import units_upsert
from anju.reporting.models import Period, Report, ReportValue
from anju.reporting.rollup import subtree_sums_rebuild
from anju.reporting.services import period_open

pytestmark = pytest.mark.django_db

ClientFor = Callable[[str], Client]


def get(client: Client, url: str) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()  # type: ignore[no-any-return]


# --- tables --------------------------------------------------------------------------------------


def test_the_tables_are_the_bulletins(client_for: ClientFor) -> None:
    response = client_for("office").get("/api/tables/533400/2017-06")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "香格里拉市" in response.content.decode("utf-8")  # not \u9999\u683c...
    first = response.json()["attachments"][0]
    assert first["title"] == "2017年各县市区城镇棚户区开工率排序表"
    rates = {row["unit"]: (row["cells"]["rate"], row["rank"]) for row in first["rows"]}
    # 1241 / 2000 = 62.05%, 153 / 250 = 61.2%, 900 / 1475 = 61.016…%
    assert rates == {
        "香格里拉市": ({"text": "62.05%", "value": "62.05"}, 1),
        "德钦县": ({"text": "61.20%", "value": "61.20"}, 2),
        "维西县": ({"text": "61.02%", "value": "61.02"}, 3),
    }
    # 2294 / 3725 = 61.583…%
    assert first["total"]["cells"]["rate"] == {"text": "61.58%", "value": "61.58"}
    assert first["total"]["cells"]["started"]["value"] == "2294"


def test_a_month_without_reviewed_figures_has_no_tables(
    client_for: ClientFor, july: Period
) -> None:
    for what in ("tables", "indicators"):
        response = client_for("office").get(f"/api/{what}/533400/2017-07")
        assert response.status_code == 404
        assert "没有已审核的填报数据" in response.json()["detail"]


# --- indicators ----------------------------------------------------------------------------------


def test_each_childs_figures_indicators_and_ranks(client_for: ClientFor) -> None:
    data = get(client_for("leader"), "/api/indicators/533400/2017-06")
    units = {unit["name"]: unit for unit in data["units"]}
    assert list(units) == ["香格里拉市", "德钦县", "维西县", "开发区", "州本级"]
    zone = units["开发区"]
    assert zone["figures"] == {
        "jb_done": "172",
        "invest": "712.62",
        "gzf_built": "644",
        "gzf_new": "0",
        "gzf_exit": "0",
        "gzf_occupied": "200",
        "gzf_target": "640",
    }
    # No 棚改 task: no rate (null, not 0); 200 / 644 = 31.055…%
    assert zone["indicators"] == {
        "pg_rate": None,
        "jb_rate": None,
        "hbh_share": None,
        "gzf_net": "0",
        "gzf_rate": "31.06",
    }
    # Listed in table 2 (it reports buildings finished) but not ranked without a task.
    assert zone["ranks"] == {"pg-start": None, "jb-invest": None, "gzf-alloc": 4}
    deqin = units["德钦县"]
    # 153 / 250 = 61.2% at 2 places; 153 households of a 250 task = 61.2%; 2074 / 2180
    assert deqin["indicators"]["pg_rate"] == "61.20"
    assert deqin["indicators"]["hbh_share"] == "61.20"
    assert deqin["indicators"]["gzf_rate"] == "95.14"
    # Nobody has finished a building of their task yet (all 0.0%): no rank is printed.
    assert deqin["ranks"] == {"pg-start": 2, "jb-invest": None, "gzf-alloc": 2}
    # 40 allocated, 95 left: a net fall of 55.
    assert units["州本级"]["indicators"]["gzf_net"] == "-55"


def test_the_totals_are_computed_from_summed_figures(client_for: ClientFor) -> None:
    total = get(client_for("office"), "/api/indicators/533400/2017-06")["total"]
    assert total["figures"]["pg_task"] == "3725"
    assert total["figures"]["invest"] == "16267.62"  # 10135 + 1260 + 4160 + 712.62
    assert total["indicators"] == {
        "pg_rate": "61.58",  # 2294 / 3725
        "jb_rate": "4.6",  # 172 / 3725, one place
        "hbh_share": "4.11",  # 153 / 3725
        "gzf_net": "19",  # 114 allocated − 95 left
        "gzf_rate": "63.92",  # 9384 / 14680
    }


# --- milestones ----------------------------------------------------------------------------------


def states(data: dict[str, Any], milestone: str) -> dict[str, dict[str, Any]]:
    group = next(m for m in data["milestones"] if m["code"] == milestone)
    return {unit["name"]: unit["state"] for unit in group["units"]}


def test_where_each_child_stands_against_each_milestone(client_for: ClientFor) -> None:
    data = get(client_for("deqin"), "/api/milestones/533400/2017-06")
    assert data["as_of_month"] == 6
    assert [m["code"] for m in data["milestones"]] == [
        "start-60",
        "start-100",
        "gzf-2013-95",
        "gzf-2014-90",
        "hbh-50",
    ]
    due_now = states(data, "start-60")["香格里拉市"]
    # 1241 of 2000 is 62.05% ≥ 60%: met, nothing left, the June figure is the outcome.
    assert due_now == {
        "target": "2000",
        "actual": "1241",
        "rate": "62.05",
        "met": True,
        "required": "1200",
        "gap": "0",
        "gap_text": "已完成",
        "months_left": 0,
        "pace_needed": "0",
        "forecast": "1241",
        "forecast_met": True,
    }
    ahead = states(data, "start-100")
    # 维西县: 1475 − 900 = 575 to go in 4 months → 144 a month (143.75 up); the line through
    # (0, 0) and (6, 900) reaches 1500 by October.
    assert ahead["维西县"] == {
        "target": "1475",
        "actual": "900",
        "rate": "61.02",
        "met": False,
        "required": "1475",
        "gap": "575",
        "gap_text": "还需开工 575 套",
        "months_left": 4,
        "pace_needed": "144",
        "forecast": "1500",
        "forecast_met": True,
    }
    assert (ahead["香格里拉市"]["gap"], ahead["香格里拉市"]["pace_needed"]) == ("759", "190")
    assert ahead["香格里拉市"]["forecast"] == "2068"  # 1241 / 6 × 10 = 2068.33
    # 开发区 has no 棚改 task: the milestone does not concern it, as on the dashboard.
    assert ahead["开发区"] is None
    group = next(m for m in data["milestones"] if m["code"] == "start-100")
    concerned = [unit["name"] for unit in group["units"] if unit["concerned"]]
    assert concerned == ["香格里拉市", "德钦县", "维西县"]
    assert states(data, "hbh-50")["德钦县"]["met"] is True  # 153 of 250 households = 61.2%


def test_the_history_month_by_month_feeds_the_forecast(client_for: ClientFor) -> None:
    programme = Programme.objects.get(code="diqing-2017")
    may = period_open(programme=programme, month=5)
    started = DataElement.objects.get(programme=programme, code="pg_started")
    report = Report.objects.create(period=may, unit_id=unit_pk("533423"), status="approved")
    ReportValue.objects.create(report=report, element=started, value=Decimal(450))
    subtree_sums_rebuild(period=may)  # approved below the workflow: the sums follow
    data = get(client_for("office"), "/api/milestones/533400/2017-06")
    # 维西县: least squares through (0, 0), (5, 450), (6, 900): slope 8100 / 62, intercept
    # −29.03…, so 1277.4… at month 10, short of 1475 (without May the line gave 1500).
    wei = states(data, "start-100")["维西县"]
    assert (wei["forecast"], wei["forecast_met"]) == ("1277", False)


def unit_pk(code: str) -> int:
    from anju.programmes.models import Unit

    return Unit.objects.get(code=code).pk


# --- queries do not grow with the units ---------------------------------------------------------


def add_children(count: int) -> None:
    """Further counties under the prefecture, each with a reporting unit below it, a target
    and approved May and June figures."""
    programme = Programme.objects.get(code="diqing-2017")
    june = Period.objects.get(programme=programme, month=6)
    may = period_open(programme=programme, month=5)
    task = DataElement.objects.get(programme=programme, code="pg_task")
    started = DataElement.objects.get(programme=programme, code="pg_started")
    rows: list[tuple[str, str, str, str | None, int]] = []
    for index in range(count):
        rows.append((f"T{index}", f"测试县{index}", "county", "533400", 100 + index))
        rows.append((f"T{index}-A", f"测试乡{index}", "zone", f"T{index}", 0))
    units = units_upsert(units=rows)
    leaves = [units[f"T{index}-A"] for index in range(count)]
    Target.objects.bulk_create(Target(element=task, unit=u, value=Decimal(100)) for u in leaves)
    for period, base in ((may, 20), (june, 40)):
        reports = Report.objects.bulk_create(
            Report(period=period, unit=u, status=Report.Status.APPROVED) for u in leaves
        )
        ReportValue.objects.bulk_create(
            ReportValue(report=r, element=started, value=Decimal(base + i))
            for i, r in enumerate(reports)
        )
        subtree_sums_rebuild(period=period)


SCOPE_ENDPOINTS = ("tables", "indicators", "milestones")


def count_queries(client: Client) -> dict[str, int]:
    """The queries of each answer computed afresh (not taken from the cache)."""
    counts = {}
    for what in SCOPE_ENDPOINTS:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/{what}/533400/2017-06")
        assert response.status_code == 200
        counts[what] = len(queries.captured_queries)
    return counts


def test_the_number_of_queries_does_not_grow_with_the_number_of_units(
    client_for: ClientFor,
) -> None:
    client = client_for("office")
    count_queries(client)  # the token's first use is recorded once; measure steady requests
    demo = count_queries(client)
    add_children(12)
    grown = count_queries(client)
    assert grown == demo
    # The new counties are there, with the figures of the unit below each one.
    data = get(client, "/api/indicators/533400/2017-06")
    assert len(data["units"]) == 5 + 12
    last = data["units"][-1]
    assert (last["name"], last["indicators"]["pg_rate"]) == ("测试县11", "51.00")
    start_100 = states(get(client, "/api/milestones/533400/2017-06"), "start-100")
    # Month by month (5, 31), (6, 51): least squares with (0, 0) gives 76.4… by October.
    assert start_100["测试县11"]["actual"] == "51"
    assert (start_100["测试县11"]["forecast"], start_100["测试县11"]["forecast_met"]) == (
        "76",
        False,
    )


# --- who may see ---------------------------------------------------------------------------------


@pytest.mark.parametrize("what", SCOPE_ENDPOINTS)
@pytest.mark.parametrize(
    ("who", "unit", "status"),
    [
        ("office", "533400", 200),
        ("leader", "533400", 200),
        ("inspector", "533400", 200),
        ("deqin", "533400", 200),  # reporters see where they stand among their peers
        ("deqin", "533401", 403),
        ("nobody", "533400", 403),
        ("anonymous", "533400", 401),
    ],
)
def test_who_sees_the_scope(
    client_for: ClientFor, what: str, who: str, unit: str, status: int
) -> None:
    response = client_for(who).get(f"/api/{what}/{unit}/2017-06")
    assert response.status_code == status
    if status == 403:
        assert "无权查看" in response.json()["detail"]
