"""Change since the previous month as a table column: a figure's and a rate's (百分点), with
the total's change the change of the total."""

from __future__ import annotations

from decimal import Decimal

from anju.engine.change import with_previous
from anju.engine.formula import Formula, IndicatorSpec
from anju.engine.ranking import SortKey
from anju.engine.tables import ColumnSpec, TableSpec, UnitValues, build_table

D = Decimal
RATE = IndicatorSpec(code="rate", formula=Formula.parse("done / task * 100"), places=2)
SPEC = TableSpec(
    code="t",
    title="开工情况",
    columns=(
        ColumnSpec(key="unit", header="县", kind="unit"),
        ColumnSpec(key="done", header="开工", kind="value", source="done", places=0),
        ColumnSpec(key="new", header="较上月新增", kind="value", source="change.done", places=0),
        ColumnSpec(key="rate", header="开工率", kind="value", source="rate", places=2),
        ColumnSpec(key="up", header="提高（百分点）", kind="value", source="change.rate", places=2),
        ColumnSpec(key="rank", header="新增排序", kind="rank"),
    ),
    keys=(SortKey("change.done"),),
    indicators=(RATE,),
)


def unit(name: str, task: int, done: int, before: int | None) -> UnitValues:
    previous = None if before is None else {"task": D(task), "done": D(before)}
    return UnitValues(name, name, with_previous({"task": D(task), "done": D(done)}, previous))


def test_a_change_column_shows_each_unit_and_the_total() -> None:
    table = build_table(
        SPEC,
        [unit("蒸湘区", 300, 210, 150), unit("衡南县", 400, 100, 100), unit("祁东县", 200, 90, 40)],
    )
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows == [
        ["蒸湘区", "210", "60", "70.00", "20.00", "1"],
        ["祁东县", "90", "50", "45.00", "25.00", "2"],
        ["衡南县", "100", "0", "25.00", "0.00", "3"],
    ]
    assert table.total is not None
    # 400 ÷ 900 = 44.44% now, 290 ÷ 900 = 32.22% before: 12.22 points, 110 more.
    assert [cell.text for cell in table.total.cells][1:5] == ["400", "110", "44.44", "12.22"]


def test_a_unit_without_last_month_shows_no_change() -> None:
    table = build_table(SPEC, [unit("蒸湘区", 300, 210, 150), unit("南岳区", 50, 10, None)])
    rows = {row.label: [cell.text for cell in row.cells] for row in table.rows}
    assert rows["南岳区"][2] == "" and rows["南岳区"][4] == ""
    assert rows["蒸湘区"][2] == "60"


def test_the_total_s_change_counts_only_units_that_have_both_months_and_says_so() -> None:
    table = build_table(SPEC, [unit("蒸湘区", 300, 210, 150), unit("南岳区", 50, 10, None)])
    assert table.total is not None
    total = [cell.text for cell in table.total.cells]
    # 220 started now over both; the change is 蒸湘区's 60, not 220 − 150 = 70 (南岳区's 10
    # would count as new). The rate's change likewise: 210/300 − 150/300 = 20.00 points.
    assert total[1:5] == ["220", "60", "62.86", "20.00"]
    assert table.footnotes == ("合计的较上月增减只计两个月均有数据的单位，未含南岳区。",)


def test_no_note_when_every_unit_or_none_has_last_month() -> None:
    both = build_table(SPEC, [unit("蒸湘区", 300, 210, 150), unit("衡南县", 400, 100, 100)])
    first = build_table(SPEC, [unit("蒸湘区", 300, 210, None), unit("衡南县", 400, 100, None)])
    assert both.footnotes == () and first.footnotes == ()
    assert first.total is not None and first.total.cells[2].text == ""
