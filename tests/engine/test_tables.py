from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anju.engine.formula import Formula, IndicatorSpec
from anju.engine.ranking import SortKey
from anju.engine.records import table_as_records
from anju.engine.tables import (
    BuiltRow,
    BuiltTable,
    ChangeFormat,
    ColumnSpec,
    HeaderCell,
    TableSpec,
    UnitValues,
    build_table,
    scope_totals,
)
from anju.engine.values import NA, Value, divide, round_half_up

D = Decimal
TOTAL_TASK = "总    任    务"


def unit(code: str, name: str, **values: int | str) -> UnitValues:
    return UnitValues(code, name, {key: D(value) for key, value in values.items()})


def indicator(code: str, text: str, places: int) -> IndicatorSpec:
    return IndicatorSpec(code, Formula.parse(text), places)


def texts(row: BuiltRow) -> list[str]:
    return [cell.text for cell in row.cells]


def all_texts(table: BuiltTable) -> list[list[str]]:
    assert table.total is not None
    return [texts(row) for row in (*table.rows, table.total)]


# --- table 1: shanty-town starts --------------------------------------------------------------

TABLE_1 = TableSpec(
    code="pg-start",
    title="2017年各县市区城镇棚户区开工率排序表",
    columns=(
        ColumnSpec("unit", "县（市、区）", "unit"),
        ColumnSpec("task", "目标任务数", "value", source="pg_task", group=TOTAL_TASK),
        ColumnSpec("started", "开工数", "value", source="pg_started", group=TOTAL_TASK),
        ColumnSpec(
            "rate", "开工率", "value", source="pg_rate", places=2, suffix="%", group=TOTAL_TASK
        ),
        ColumnSpec("rank", "开工率排序", "rank", group=TOTAL_TASK),
    ),
    keys=(SortKey("pg_rate"),),
    tiebreak=(SortKey("pg_task"),),
    eligible_if="pg_task",
    include_if_any=("pg_task",),
    indicators=(indicator("pg_rate", "pg_started / pg_task * 100", 2),),
)

UNITS_1 = [
    unit("533401", "香格里拉市", pg_task=2000, pg_started=1241),
    unit("533422", "德钦县", pg_task=250, pg_started=153),
    unit("533423", "维西县", pg_task=1475, pg_started=900),
    unit("533400-KFQ", "开发区"),
]


def test_table_1_reads_as_printed() -> None:
    table = build_table(TABLE_1, UNITS_1)
    assert all_texts(table) == [
        ["香格里拉市", "2000", "1241", "62.05%", "1"],
        ["德钦县", "250", "153", "61.20%", "2"],
        ["维西县", "1475", "900", "61.02%", "3"],
        ["合  计", "3725", "2294", "61.58%", ""],
    ]
    assert [row.rank for row in table.rows] == [1, 2, 3]
    assert [row.unit_code for row in table.rows] == ["533401", "533422", "533423"]
    assert table.footnotes == ()
    assert not table.rank_column_empty


def test_table_1_header_spans_the_group() -> None:
    table = build_table(TABLE_1, UNITS_1)
    assert table.header_rows == (
        (HeaderCell("县（市、区）", rowspan=2), HeaderCell(TOTAL_TASK, colspan=4)),
        (
            HeaderCell("目标任务数"),
            HeaderCell("开工数"),
            HeaderCell("开工率"),
            HeaderCell("开工率排序"),
        ),
    )


def test_table_1_cells_carry_the_displayed_figures() -> None:
    table = build_table(TABLE_1, UNITS_1)
    first = table.rows[1].cells
    assert [cell.value for cell in first] == [None, D(250), D(153), D("61.20"), D(2)]
    assert [cell.kind for cell in first] == ["unit", "value", "value", "value", "rank"]
    assert table.total is not None
    assert table.total.unit_code is None
    assert table.total.rank is None


def test_table_1_records_for_export() -> None:
    records = table_as_records(build_table(TABLE_1, UNITS_1))
    assert records[0] == {
        "县（市、区）": "香格里拉市",
        "目标任务数": "2000",
        "开工数": "1241",
        "开工率": "62.05%",
        "开工率排序": "1",
    }
    assert records[-1]["县（市、区）"] == "合  计"
    assert len(records) == 4


# --- table 2: basic completion and investment -------------------------------------------------

TABLE_2 = TableSpec(
    code="jb-invest",
    title="2017年各县市区城镇保障性安居工程基本建成套数排序及投资完成情况表",
    columns=(
        ColumnSpec("unit", "县（市、区）", "unit"),
        ColumnSpec("task", "下达年内基本建成套数", "value", source="jb_task"),
        ColumnSpec("done", "已基本建成套数", "value", source="jb_done"),
        ColumnSpec("rate", "基本建成套数占比（%）", "value", source="jb_rate", places=1, trim=True),
        ColumnSpec("rank", "基本建成套数占比率排序", "rank"),
        ColumnSpec("invest", "完成投资", "value", source="invest", places=2, trim=True),
    ),
    keys=(SortKey("jb_rate"),),
    tiebreak=(SortKey("jb_task"),),
    eligible_if="jb_task",
    include_if_any=("jb_task", "jb_done", "invest"),
    indicators=(indicator("jb_rate", "jb_done / jb_task * 100", 1),),
)

UNITS_2 = [
    unit("533401", "香格里拉市", jb_task=2000, jb_done=0, invest=10135),
    unit("533422", "德钦县", jb_task=250, jb_done=0, invest=1260),
    unit("533423", "维西县", jb_task=1475, jb_done=0, invest=4160),
    unit("533400-KFQ", "开发区", jb_done=172, invest="712.62"),
    unit("533400-BJ", "州本级"),
]


def test_table_2_reads_as_printed() -> None:
    table = build_table(TABLE_2, UNITS_2)
    assert all_texts(table) == [
        ["香格里拉市", "2000", "0", "0", "", "10135"],
        ["维西县", "1475", "0", "0", "", "4160"],
        ["德钦县", "250", "0", "0", "", "1260"],
        ["开发区", "", "172", "", "", "712.62"],
        ["合  计", "3725", "172", "4.6", "", "16267.62"],
    ]
    assert table.rank_column_empty
    assert table.footnotes == ("开发区无下达任务，不参与排序。",)
    assert table.header_rows == (tuple(HeaderCell(c.header) for c in TABLE_2.columns),)


def test_table_2_na_cells_have_no_figure() -> None:
    table = build_table(TABLE_2, UNITS_2)
    development_zone = table.rows[-1]
    assert development_zone.cells[1].value is None
    assert development_zone.cells[3].value is None
    assert development_zone.rank is None


# --- table 3: public rental allocation --------------------------------------------------------

TABLE_3 = TableSpec(
    code="gzf-alloc",
    title="2017年各县市区公共租赁住房分配入住情况表",
    columns=(
        ColumnSpec("rank", "排序", "rank"),
        ColumnSpec("unit", "县（市、区）", "unit"),
        ColumnSpec("target", "指标任务", "value", source="gzf_target"),
        ColumnSpec("built", "实际建设", "value", source="gzf_built"),
        ColumnSpec(
            "new",
            "2017年新增分配入住套数",
            "change",
            change=ChangeFormat(increase="gzf_new", decrease="gzf_exit"),
        ),
        ColumnSpec("occupied", "累计分配入住套数", "value", source="gzf_occupied"),
        ColumnSpec("rate", "分配入住比例（%）", "value", source="gzf_rate", places=2),
        ColumnSpec("note", "备注", "text"),
    ),
    keys=(SortKey("gzf_net"), SortKey("gzf_rate")),
    include_if_any=("gzf_target", "gzf_built", "gzf_occupied"),
    indicators=(
        indicator("gzf_rate", "gzf_occupied / gzf_built * 100", 2),
        indicator("gzf_net", "gzf_new - gzf_exit", 0),
    ),
)


def gzf(code: str, name: str, *figures: int) -> UnitValues:
    target, built, new, exit_, occupied = figures
    return unit(
        code,
        name,
        gzf_target=target,
        gzf_built=built,
        gzf_new=new,
        gzf_exit=exit_,
        gzf_occupied=occupied,
    )


UNITS_3 = [
    gzf("533401", "香格里拉市", 4242, 4242, 0, 0, 2226),
    gzf("533422", "德钦县", 2385, 2180, 34, 0, 2074),
    gzf("533423", "维西县", 4026, 4030, 40, 0, 3552),
    gzf("533400-KFQ", "开发区", 640, 644, 0, 0, 200),
    gzf("533400-BJ", "州本级", 3558, 3584, 40, 95, 1332),
]


def test_table_3_reads_as_printed() -> None:
    table = build_table(TABLE_3, UNITS_3)
    assert all_texts(table) == [
        ["1", "维西县", "4026", "4030", "新增40套", "3552", "88.14", ""],
        ["2", "德钦县", "2385", "2180", "新增34套", "2074", "95.14", ""],
        ["3", "香格里拉市", "4242", "4242", "0", "2226", "52.48", ""],
        ["4", "开发区", "640", "644", "0", "200", "31.06", ""],
        ["5", "州本级", "3558", "3584", "新增40套退出95套", "1332", "37.17", ""],
        ["", "合  计", "14851", "14680", "净增19套", "9384", "63.92", ""],
    ]
    assert table.footnotes == ()


def test_table_3_change_cells_carry_the_net() -> None:
    table = build_table(TABLE_3, UNITS_3)
    assert table.total is not None
    assert [row.cells[4].value for row in (*table.rows, table.total)] == [
        D(40),
        D(34),
        D(0),
        D(0),
        D(-55),
        D(19),
    ]


# --- change column details --------------------------------------------------------------------

CHANGE_ONLY = TableSpec(
    code="change",
    title="change",
    columns=(
        ColumnSpec("unit", "单位", "unit"),
        ColumnSpec("new", "变动", "change", change=ChangeFormat("add", "remove")),
    ),
    keys=(),
)


@pytest.mark.parametrize(
    ("values", "text", "total"),
    [
        ({"add": D(0), "remove": D(5)}, "退出5套", "净减5套"),
        ({"add": D(3), "remove": D(3)}, "新增3套退出3套", "0"),
        ({"add": D(0), "remove": NA}, "0", "0"),
        ({}, "", ""),
    ],
)
def test_change_cell(values: dict[str, Value], text: str, total: str) -> None:
    table = build_table(CHANGE_ONLY, [UnitValues("u", "单位甲", values)])
    assert table.total is not None
    assert texts(table.rows[0])[1] == text
    assert texts(table.total)[1] == total


def test_no_total_row_when_not_wanted() -> None:
    spec = TableSpec("t", "t", CHANGE_ONLY.columns, keys=(), total_label=None)
    assert build_table(spec, []).total is None


def test_every_unit_listed_when_no_inclusion_rule() -> None:
    table = build_table(CHANGE_ONLY, [UnitValues("a", "甲", {}), UnitValues("b", "乙", {})])
    assert [row.label for row in table.rows] == ["甲", "乙"]


def test_units_without_a_target_are_named_in_one_footnote() -> None:
    units = [*UNITS_2[:3], unit("x", "开发区", jb_done=1), unit("y", "州本级", invest=1)]
    table = build_table(TABLE_2, units)
    assert table.footnotes == ("开发区、州本级无下达任务，不参与排序。",)


def test_duplicate_headers_stay_distinct_in_records() -> None:
    spec = TableSpec(
        "dup",
        "dup",
        (
            ColumnSpec("a", "数", "value", source="a"),
            ColumnSpec("b", "数", "value", source="b"),
        ),
        keys=(),
    )
    records = table_as_records(build_table(spec, [unit("u", "甲", a=1, b=2)]))
    assert records[0] == {"数（a）": "1", "数（b）": "2"}


def test_column_spec_validation() -> None:
    with pytest.raises(ValueError, match="source"):
        ColumnSpec("x", "x", "value")
    with pytest.raises(ValueError, match="change format"):
        ColumnSpec("x", "x", "change")


def test_ranking_uses_the_displayed_rate() -> None:
    # 1/3 and 333/1000 both print as 33.3%: the bulletin must show them tied.
    spec = TableSpec(
        "tie",
        "tie",
        (
            ColumnSpec("unit", "单位", "unit"),
            ColumnSpec("rate", "比例", "value", source="r", places=1),
            ColumnSpec("rank", "排序", "rank"),
        ),
        keys=(SortKey("r"),),
        indicators=(indicator("r", "done / task * 100", 1),),
    )
    units = [
        unit("a", "甲", done=333, task=1000),
        unit("b", "乙", done=1, task=3),
        unit("c", "丙", done=1, task=10),
    ]
    table = build_table(spec, units)
    assert [texts(row) for row in table.rows] == [
        ["甲", "33.3", "1"],
        ["乙", "33.3", "1"],
        ["丙", "10.0", "3"],
    ]


# --- properties -------------------------------------------------------------------------------

maybe = st.one_of(st.just(None), st.integers(0, 5000))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(maybe, maybe), min_size=1, max_size=8))
def test_total_is_the_sum_and_its_rate_the_rate_of_sums(
    figures: list[tuple[int | None, int | None]],
) -> None:
    units = [
        UnitValues(
            f"u{i}",
            f"单位{i}",
            {
                key: D(value)
                for key, value in (("pg_task", task), ("pg_started", started))
                if value is not None
            },
        )
        for i, (task, started) in enumerate(figures)
    ]
    table = build_table(TABLE_1, units)
    assert table.total is not None
    shown = [u for u in units if "pg_task" in u.values]
    assert len(table.rows) == len(shown)

    def total_of(code: str) -> Value:
        parts = [u.values[code] for u in shown if code in u.values]
        return sum((part for part in parts if part is not NA), D(0)) if parts else NA

    task, started = total_of("pg_task"), total_of("pg_started")
    cells = table.total.cells
    assert cells[1].value == (None if task is NA else task)
    assert cells[2].value == (None if started is NA else started)
    rate = divide(started, task, D(100))
    assert cells[3].value == (None if rate is NA else round_half_up(rate, 2))
    assert cells[4].text == ""


def test_scope_totals_are_the_rate_of_the_sums_not_an_average_of_rates() -> None:
    totals = scope_totals(TABLE_1.indicators, UNITS_1)
    # 2294 / 3725 = 61.583…%; the mean of 62.05, 61.20 and 61.02 would be 61.42.
    assert (totals["pg_started"], totals["pg_task"], totals["pg_rate"]) == (
        Decimal(2294),
        Decimal(3725),
        Decimal("61.58"),
    )


def test_scope_totals_of_named_figures_only() -> None:
    totals = scope_totals(TABLE_1.indicators, UNITS_1, codes=["pg_task"])
    assert totals["pg_task"] == Decimal(3725)
    assert "pg_started" not in totals
    assert totals["pg_rate"] is NA  # nothing to compute it from
