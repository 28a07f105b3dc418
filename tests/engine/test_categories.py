"""Rows by category: programme types against their own sub-targets, summed over the scope."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from anju.engine.categories import Category, build_category_table
from anju.engine.formula import Formula, IndicatorSpec
from anju.engine.tables import ColumnSpec, TableSpec, UnitValues

D = Decimal
TABLE = TableSpec(
    code="types",
    title="分类型开工情况",
    columns=(
        ColumnSpec("type", "项目类型", "unit"),
        ColumnSpec("task", "目标任务", "value", source="task"),
        ColumnSpec("started", "开工数", "value", source="started"),
        ColumnSpec("rate", "开工率", "value", source="rate", suffix="%"),
    ),
    keys=(),
    indicators=(IndicatorSpec("rate", Formula.parse("started / task * 100"), 2),),
)
CATEGORIES = (
    Category("gzf", "公租房", {"task": "gzf_task", "started": "gzf_started"}),
    Category("pg", "城市棚户区改造", {"task": "pg_task", "started": "pg_started"}),
    Category(
        "gk", "国有工矿棚户区改造", {"task": "gk_task", "started": "gk_started"}, printed=False
    ),
    Category("pg_new", "其中：新建", {"task": "new_task", "started": "new_started"}, counted=False),
)
UNITS = [
    UnitValues(
        "1",
        "甲县",
        {"gzf_task": D(300), "gzf_started": D(150), "pg_task": D(2000), "pg_started": D(1500)},
        kind="county",
    ),
    UnitValues(
        "2",
        "乙区",
        {"gzf_task": D(200), "pg_task": D(2600), "pg_started": D(1300), "gk_task": D(270)},
        kind="district",
    ),
    UnitValues("3", "丙县", {"new_task": D(800), "new_started": D(200)}, kind="county"),
]


def printed(table_spec: TableSpec = TABLE) -> list[tuple[str, ...]]:
    table = build_category_table(table_spec, CATEGORIES, UNITS)
    rows = [tuple(cell.text for cell in row.cells) for row in table.rows]
    if table.total is not None:
        rows.append(tuple(cell.text for cell in table.total.cells))
    return rows


def test_each_category_is_summed_over_the_units_against_its_own_target() -> None:
    assert printed()[:3] == [
        ("公租房", "500", "150", "30.00%"),
        ("城市棚户区改造", "4600", "2800", "60.87%"),
        ("其中：新建", "800", "200", "25.00%"),
    ]


def test_the_total_holds_the_unprinted_sub_target_but_not_a_line_counted_elsewhere() -> None:
    # 500 + 4600 + 270 (国有工矿, not printed) = 5370; the "其中" line is inside 棚改.
    assert printed()[3] == ("合  计", "5370", "2950", "54.93%")


def test_the_rows_keep_their_declared_order_and_nothing_is_ranked() -> None:
    table = build_category_table(TABLE, CATEGORIES, UNITS)
    assert [row.unit_code for row in table.rows] == ["gzf", "pg", "pg_new"]
    assert all(row.rank is None for row in table.rows)


def test_unit_kinds_choose_the_units_summed() -> None:
    assert printed(replace(TABLE, unit_kinds=("county",)))[:2] == [
        ("公租房", "300", "150", "50.00%"),
        ("城市棚户区改造", "2000", "1500", "75.00%"),
    ]


def test_a_table_without_a_total_row_and_a_column_total_left_blank() -> None:
    assert len(printed(replace(TABLE, total="none"))) == 3
    columns = (*TABLE.columns[:3], replace(TABLE.columns[3], total="none"))
    assert printed(replace(TABLE, columns=columns))[3][3] == ""


def test_a_figure_no_unit_reported_stays_empty_and_has_no_rate() -> None:
    only_targets = [UnitValues("1", "甲县", {"gzf_task": D(300)})]
    table = build_category_table(TABLE, CATEGORIES[:1], only_targets)
    assert [cell.text for cell in table.rows[0].cells] == ["公租房", "300", "", ""]
