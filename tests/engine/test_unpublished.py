"""Figures not published (暂未公布) and rows of an earlier date in the built tables."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from anju.engine.formula import Formula, IndicatorSpec
from anju.engine.ranking import SortKey
from anju.engine.tables import BuiltRow, ColumnSpec, TableSpec, UnitValues, build_table
from anju.engine.unpublished import hidden_codes

D = Decimal

RATE = IndicatorSpec("rate", Formula.parse("started / task * 100"), 1)
SHARE = IndicatorSpec("share", Formula.parse("rate / 2"), 1)
TABLE = TableSpec(
    code="t",
    title="开工率",
    columns=(
        ColumnSpec("unit", "地区", "unit"),
        ColumnSpec("task", "任务", "value", source="task"),
        ColumnSpec("started", "开工", "value", source="started"),
        ColumnSpec("rate", "开工率", "value", source="rate", places=1, suffix="%"),
        ColumnSpec("rank", "排序", "rank"),
    ),
    keys=(SortKey("rate"),),
    indicators=(RATE,),
)


def unit(code: str, name: str, unpublished: str = "", as_of: str = "", **values: str) -> UnitValues:
    return UnitValues(
        code,
        name,
        {key: D(value) for key, value in values.items()},
        unpublished=frozenset(unpublished.split()),
        as_of=as_of,
    )


UNITS = [
    unit("1", "甲省", task="100", started="60"),
    unit("2", "乙省", "started", task="200"),  # not published: no figure, not zero
    unit("3", "丙省", task="50", started="0"),
    unit("4", "丁省", task="80"),  # absent
]


def texts(row: BuiltRow) -> list[str]:
    return [cell.text for cell in row.cells]


def test_an_unpublished_figure_and_its_rate_print_as_unpublished_not_zero_or_blank() -> None:
    table = build_table(TABLE, UNITS)
    rows = {row.label: texts(row) for row in table.rows}
    assert rows["乙省"] == ["乙省", "200", "暂未公布", "暂未公布", ""]
    assert rows["丙省"] == ["丙省", "50", "0", "0.0%", "2"]  # a reported nought
    assert rows["丁省"] == ["丁省", "80", "", "", ""]  # absent stays blank


def test_unpublished_units_are_not_ranked_and_come_after_the_ranked() -> None:
    table = build_table(TABLE, UNITS)
    assert [(row.label, row.rank) for row in table.rows] == [
        ("甲省", 1),
        ("丙省", 2),
        ("乙省", None),
        ("丁省", None),
    ]


def test_a_summed_total_leaves_out_the_unpublished_and_says_so() -> None:
    table = build_table(TABLE, UNITS)
    assert table.total is not None
    # 60 started of the published; the rate of the sums over every task, as before.
    assert texts(table.total)[:3] == ["合  计", "430", "60"]
    assert table.footnotes == ("合计未含乙省暂未公布的数据。",)


def test_a_stated_total_stays_stated_and_needs_no_note_for_what_it_states() -> None:
    spec = replace(
        TABLE,
        total="stated",
        columns=(*TABLE.columns[:2], replace(TABLE.columns[2], total="none"), TABLE.columns[4]),
    )
    table = build_table(spec, UNITS, stated={"task": D("1000")})
    assert table.total is not None
    assert texts(table.total) == ["合  计", "1000", "", ""]
    assert table.footnotes == ()


def test_a_stated_total_whose_column_sums_the_unpublished_still_notes_it() -> None:
    table = build_table(replace(TABLE, total="stated"), UNITS, stated={"task": D("1000")})
    assert table.total is not None
    assert texts(table.total)[:4] == ["合  计", "1000", "60", "6.0%"]
    assert table.footnotes == ("合计未含乙省暂未公布的数据。",)


def test_no_total_row_needs_no_note() -> None:
    assert build_table(replace(TABLE, total="none"), UNITS).footnotes == ()


def test_the_programme_chooses_the_words() -> None:
    started = replace(TABLE.columns[2], unpublished="未公布")
    spec = replace(TABLE, columns=(*TABLE.columns[:2], started, *TABLE.columns[3:]))
    rows = {row.label: texts(row) for row in build_table(spec, UNITS).rows}
    assert rows["乙省"][2:4] == ["未公布", "暂未公布"]


def test_an_indicator_of_an_unpublished_indicator_is_unpublished() -> None:
    assert hidden_codes((RATE, SHARE), ["started"]) == {"started", "rate", "share"}
    assert hidden_codes((RATE, SHARE), ["other"]) == {"other"}
    assert hidden_codes((RATE, SHARE), []) == frozenset()


def test_a_row_of_an_earlier_date_is_marked_and_footnoted_by_date() -> None:
    units = [
        unit("1", "甲省", as_of="5月31日", task="100", started="60"),
        unit("2", "乙省", task="200", started="150"),
        unit("3", "丙省", as_of="5月31日", task="50", started="10"),
        unit("4", "丁省", as_of="4月30日", task="80", started="8"),
    ]
    table = build_table(TABLE, units)
    assert [row.label for row in table.rows] == ["乙省", "甲省*", "丙省*", "丁省*"]
    assert table.rows[1].cells[0].text == "甲省*"
    assert table.footnotes == ("*甲省、丙省数据截至5月31日", "*丁省数据截至4月30日")
