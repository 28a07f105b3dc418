"""The leaders' dashboard data for 迪庆州, June 2017 (and a July made up for the trend).

Expected figures are worked out by hand from the demo's raw counts, not read back from anju.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from anju.programmes.models import DataElement, Programme, Target, Unit
from anju.programmes.services import units_upsert
from anju.programmes.versions import data_changed
from anju.reporting.dashboard import Dashboard, MilestoneAlerts, dashboard_data
from anju.reporting.models import Period, Report, ReportValue
from anju.reporting.rollup import subtree_sums_rebuild
from anju.reporting.selectors import period_find
from anju.reporting.services import period_open, report_set_values
from anju.reporting.workflow import report_for

pytestmark = pytest.mark.django_db

SCOPE = "533400"


def demo_dashboard(key: str = "2017-06", code: str = SCOPE) -> Dashboard:
    scope = Unit.objects.get(code=code)
    return dashboard_data(scope=scope, period=period_find(unit=scope, key=key))


def approved_month(month: int, figures: Mapping[str, Mapping[str, str]]) -> Period:
    """A further month with the given figures entered and approved."""
    period = period_open(programme=Programme.objects.get(code="diqing-2017"), month=month)
    for code, values in figures.items():
        report = report_for(unit=Unit.objects.get(code=code), period=period)
        report_set_values(report=report, values=values, channel="form", allow_any_status=True)
        report.status = Report.Status.APPROVED
        report.save(update_fields=["status"])
    subtree_sums_rebuild(period=period)  # approved below the workflow: the sums follow
    return period


def alerts_for(data: Dashboard, code: str) -> MilestoneAlerts:
    return next(group for group in data.alerts if group.code == code)


def test_cards_are_the_scope_totals_formatted_by_the_engine() -> None:
    cards = [(c.label, c.value, c.of, c.rate) for c in demo_dashboard().cards]
    assert cards == [
        # 1241 + 153 + 900 = 2294 of 2000 + 250 + 1475 = 3725; 2294 / 3725 = 61.583…%
        ("棚户区改造开工", "2294", "3725", "61.58%"),
        # Only 开发区 reports buildings finished: 172 / 3725 = 4.617…% at one place.
        ("基本建成", "172", "3725", "4.6%"),
        # 10135 + 1260 + 4160 + 712.62 万元; a reported figure shows no padding zeros.
        ("完成投资（万元）", "16267.62", "", ""),
        # 2226 + 2074 + 3552 + 200 + 1332 of 4242 + 2180 + 4030 + 644 + 3584 = 63.92%
        ("公租房分配入住", "9384", "14680", "63.92%"),
    ]
    assert demo_dashboard().cards[0].rate_name == "开工率"


def test_chart_has_a_bar_per_unit_with_a_rate_largest_first_and_the_milestone_lines() -> None:
    chart = demo_dashboard().chart
    assert chart is not None
    assert (chart.title, chart.suffix) == ("开工率", "%")
    # 开发区 and 州本级 have no shanty-town task, hence no rate and no bar.
    assert [(b.label, b.number, b.text) for b in chart.bars] == [
        ("香格里拉市", "62.05", "62.05%"),  # 1241 / 2000
        ("德钦县", "61.20", "61.20%"),  # 153 / 250
        ("维西县", "61.02", "61.02%"),  # 900 / 1475 = 61.0169…
    ]
    assert [(line.number, line.label) for line in chart.lines] == [
        ("60", "6月30日 60%"),
        ("100", "10月31日 100%"),
    ]


def test_the_milestone_due_this_month_lists_who_met_it() -> None:
    due_now = alerts_for(demo_dashboard(), "start-60")
    assert due_now.due_this_month
    assert due_now.behind == ()
    assert due_now.met == ("香格里拉市", "德钦县", "维西县")


def test_the_next_milestone_says_what_each_unit_still_has_to_do() -> None:
    upcoming = alerts_for(demo_dashboard(), "start-100")
    assert not upcoming.due_this_month
    assert upcoming.goal == "10月31日开工率100%"
    # Four months (July to October) remain; the pace is the gap over four, rounded up. With
    # June alone the projection runs from zero at the year's start: figure × 10 / 6.
    assert [(a.unit_name, a.gap_text, a.pace_text, a.forecast_text) for a in upcoming.behind] == [
        ("维西县", "还需开工 575 套", "144", "1500"),  # 1475 - 900; 575 / 4 = 143.75
        ("德钦县", "还需开工 97 套", "25", "255"),  # 250 - 153; 97 / 4 = 24.25
        ("香格里拉市", "还需开工 759 套", "190", "2068"),  # 2000 - 1241; 1241 × 10 / 6
    ]
    assert all(alert.state.forecast_met for alert in upcoming.behind)
    assert upcoming.met == ()


def test_completeness_counts_every_reporting_unit_in_table_order() -> None:
    progress = demo_dashboard().completeness
    assert [(c.status, c.label, c.count) for c in progress.counts] == [("approved", "已审核", 5)]
    assert [p.unit.name for p in progress.units] == [
        "香格里拉市",
        "德钦县",
        "维西县",
        "开发区",
        "州本级",
    ]
    assert (progress.published, progress.late, progress.partial) == (5, 0, False)


def test_tables_are_the_months_attachments() -> None:
    tables = demo_dashboard().tables
    assert tables is not None
    first = tables.attachments[0].table
    assert [cell.text for cell in first.rows[0].cells] == [
        "香格里拉市",
        "2000",
        "1241",
        "62.05%",
        "1",
    ]


def test_one_month_of_figures_draws_no_trend() -> None:
    data = demo_dashboard()
    assert data.published_months == (6,)
    assert not data.has_trend
    started = data.trend[0]
    assert (started.code, started.name, started.measure) == ("pg_started", "棚户区改造开工数", "套")
    assert [p.text for p in started.points] == ["", "", "", "", "", "2294"]


def test_a_second_month_gives_the_trend_and_a_projection_from_both() -> None:
    approved_month(
        7,
        {
            "533401": {"pg_started": "1500", "invest": "12000.5"},
            "533422": {"pg_started": "160", "invest": "1400"},
            "533423": {"pg_started": "1100", "invest": "5000"},
        },
    )
    data = demo_dashboard("2017-07")
    assert data.published_months == (6, 7)
    assert data.has_trend
    by_code = {series.code: series for series in data.trend}
    assert [p.text for p in by_code["pg_started"].points][5:] == ["2294", "2760"]
    assert [p.text for p in by_code["invest"].points][5:] == ["16267.62", "18400.5"]
    # Least squares through (0, 0), (6, 153), (7, 160): slope 2045/86, intercept 333/258;
    # at October 239.08…, so 德钦县 is not on course for its 250.
    deqin = next(a for a in alerts_for(data, "start-100").behind if a.unit_name == "德钦县")
    assert (deqin.gap_text, deqin.pace_text, deqin.forecast_text) == ("还需开工 90 套", "30", "239")
    assert deqin.state.forecast_met is False
    # The June milestone is past in July: only the next one is shown.
    assert [group.code for group in data.alerts] == ["start-100"]
    # 开发区 and 州本级 have not reported for July: the totals say so.
    assert data.completeness.partial
    assert data.completeness.published == 3


def test_a_month_without_approved_figures_still_shows_who_has_reported() -> None:
    period = period_open(programme=Programme.objects.get(code="diqing-2017"), month=7)
    report_for(unit=Unit.objects.get(code="533422"), period=period)  # a draft, not published
    data = demo_dashboard("2017-07")
    assert not data.has_figures
    assert (data.cards, data.chart, data.alerts, data.tables) == ((), None, (), None)
    assert [(c.status, c.count) for c in data.completeness.counts] == [("missing", 4), ("draft", 1)]
    assert data.published_months == (6,)


def test_a_unit_with_none_below_it_is_its_own_dashboard() -> None:
    data = demo_dashboard(code="533422")
    first = data.cards[0]
    assert (first.value, first.of, first.rate) == ("153", "250", "61.20%")
    assert data.chart is not None
    assert [bar.label for bar in data.chart.bars] == ["德钦县"]
    assert [p.unit.code for p in data.completeness.units] == ["533422"]


def add_children(count: int) -> None:
    """Further counties under the prefecture, each with a reporting unit below it, a target
    and approved June figures."""
    programme = Programme.objects.get(code="diqing-2017")
    june = Period.objects.get(programme=programme, month=6)
    task = DataElement.objects.get(programme=programme, code="pg_task")
    started = DataElement.objects.get(programme=programme, code="pg_started")
    rows: list[tuple[str, str, str, str | None, int]] = []
    for index in range(count):
        rows.append((f"T{index}", f"测试县{index}", "county", SCOPE, 100 + index))
        rows.append((f"T{index}-A", f"测试乡{index}", "zone", f"T{index}", 0))
    units = units_upsert(units=rows)
    leaves = [units[f"T{index}-A"] for index in range(count)]
    Target.objects.bulk_create(Target(element=task, unit=u, value=Decimal(100)) for u in leaves)
    reports = Report.objects.bulk_create(
        Report(period=june, unit=u, status=Report.Status.APPROVED) for u in leaves
    )
    ReportValue.objects.bulk_create(
        ReportValue(report=r, element=started, value=Decimal(40 + i)) for i, r in enumerate(reports)
    )
    subtree_sums_rebuild(period=june)
    data_changed(programme_id=programme.pk)  # as every writer below the services does


def queries_for_dashboard() -> tuple[int, Dashboard]:
    with CaptureQueriesContext(connection) as queries:
        data = demo_dashboard()
    return len(queries.captured_queries), data


def test_the_number_of_queries_does_not_grow_with_the_number_of_units() -> None:
    demo_count, _ = queries_for_dashboard()
    add_children(12)
    grown_count, grown = queries_for_dashboard()
    assert grown_count == demo_count
    # The figures of a unit deeper down count for the child whose subtree holds it.
    chart = grown.chart
    assert chart is not None
    assert {bar.label: bar.text for bar in chart.bars}["测试县11"] == "51.00%"
    assert len(grown.completeness.units) == 5 + 12


def test_a_month_only_some_units_are_in_for_is_partial_not_a_fall() -> None:
    # 2 of 5 reporting units approved for July: 1300 + 160 is not a fall from June's 2294.
    approved_month(7, {"533401": {"pg_started": "1300"}, "533422": {"pg_started": "160"}})
    data = demo_dashboard("2017-07")
    june, july = data.trend[0].points[5:]
    assert (june.text, june.partial) == ("2294", False)
    assert (july.text, july.partial, july.reported, july.units) == ("1460", True, 2, 5)
    assert data.has_partial_trend
    assert not demo_dashboard("2017-06").has_partial_trend


def test_completeness_is_summed_by_child_when_a_child_has_units_below_it() -> None:
    units_upsert(
        units=[("W1", "维西甲乡", "zone", "533423", 0), ("W2", "维西乙乡", "zone", "533423", 1)]
    )
    progress = demo_dashboard().completeness
    rows = [(c.unit.name, c.units, c.published, c.unfinished) for c in progress.by_child]
    assert ("维西县", 2, 0, 2) in rows  # its two townships, not yet reported
    assert ("德钦县", 1, 1, 0) in rows
    # Counted by child, not listed one by one.
    assert (progress.total, progress.units, progress.partial) == (6, (), True)
    assert [(c.status, c.count) for c in progress.counts] == [("missing", 2), ("approved", 4)]
    assert demo_dashboard(code="533422").completeness.by_child == ()


def test_counted_by_child_the_late_are_those_not_in_once_the_due_date_has_passed() -> None:
    units_upsert(
        units=[("W1", "维西甲乡", "zone", "533423", 0), ("W2", "维西乙乡", "zone", "533423", 1)]
    )
    june = period_find(unit=Unit.objects.get(code=SCOPE), key="2017-06")
    june.due_date = datetime.date(2017, 7, 5)
    june.save(update_fields=["due_date"])
    progress = demo_dashboard().completeness
    late = {c.unit.name: c.late for c in progress.by_child}
    assert (late["维西县"], late["德钦县"], progress.late) == (2, 0, 2)
