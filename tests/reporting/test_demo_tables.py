"""The seed bulletin's three attachments, every cell, computed from the demo's stored counts."""

from __future__ import annotations

import pytest

from anju.programmes.models import Unit
from anju.reporting.selectors import period_find
from anju.reporting.tables import TableSet, scope_tables

pytestmark = pytest.mark.django_db


def demo_tables() -> TableSet:
    scope = Unit.objects.get(code="533400")
    return scope_tables(scope=scope, period=period_find(unit=scope, key="2017-06"))


def cell_texts(tables: TableSet, number: int) -> list[list[str]]:
    table = tables.attachments[number - 1].table
    rows = [*table.rows, *([table.total] if table.total else [])]
    return [[cell.text for cell in row.cells] for row in rows]


def test_attachment_1_start_rate_ranking() -> None:
    tables = demo_tables()
    attachment = tables.attachments[0]
    assert attachment.title == "2017年各县市区城镇棚户区开工率排序表"
    assert attachment.period_line == "（1月1日——6月30日）"
    assert attachment.unit_line == "单位：套/户"
    assert [c.header for c in attachment.table.columns] == [
        "县（市、区）",
        "目标任务数",
        "开工数",
        "开工率",
        "开工率排序",
    ]
    assert cell_texts(tables, 1) == [
        ["香格里拉市", "2000", "1241", "62.05%", "1"],
        ["德钦县", "250", "153", "61.20%", "2"],
        ["维西县", "1475", "900", "61.02%", "3"],
        ["合  计", "3725", "2294", "61.58%", ""],
    ]
    assert attachment.table.footnotes == ()


def test_attachment_2_completion_and_investment() -> None:
    tables = demo_tables()
    table = tables.attachments[1].table
    assert cell_texts(tables, 2) == [
        ["香格里拉市", "2000", "0", "0", "", "10135"],
        ["维西县", "1475", "0", "0", "", "4160"],
        ["德钦县", "250", "0", "0", "", "1260"],
        ["开发区", "", "172", "", "", "712.62"],
        ["合  计", "3725", "172", "4.6", "", "16267.62"],
    ]
    assert table.rank_column_empty is True
    assert table.footnotes == ("开发区无下达任务，不参与排序。",)


def test_attachment_3_rental_allocation_ranked_by_net_new_then_occupancy() -> None:
    tables = demo_tables()
    assert tables.attachments[2].period_line == ""
    assert cell_texts(tables, 3) == [
        ["1", "维西县", "4026", "4030", "新增40套", "3552", "88.14", ""],
        ["2", "德钦县", "2385", "2180", "新增34套", "2074", "95.14", ""],
        ["3", "香格里拉市", "4242", "4242", "0", "2226", "52.48", ""],
        ["4", "开发区", "640", "644", "0", "200", "31.06", ""],
        ["5", "州本级", "3558", "3584", "新增40套退出95套", "1332", "37.17", ""],
        ["", "合  计", "14851", "14680", "净增19套", "9384", "63.92", ""],
    ]


def test_only_reviewed_reports_reach_the_tables() -> None:
    from anju.reporting.models import Report
    from anju.reporting.rollup import subtree_sums_rebuild

    reports = Report.objects.filter(unit__code="533401")
    reports.update(status=Report.Status.SUBMITTED)
    for report in reports:  # set below the workflow: the sums by subtree follow by hand
        subtree_sums_rebuild(period=report.period_id)
    rows = cell_texts(demo_tables(), 1)
    assert [row[0] for row in rows] == ["德钦县", "维西县", "香格里拉市", "合  计"]
    assert rows[2] == ["香格里拉市", "2000", "", "", ""]
    assert rows[3] == ["合  计", "3725", "1053", "28.27%", ""]
