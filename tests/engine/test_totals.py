"""Total rows under control: none, per column, a rate never summed, a stated total."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from anju.engine.formula import Formula, IndicatorSpec
from anju.engine.ranking import SortKey
from anju.engine.tables import ColumnSpec, TableSpec, UnitValues, build_table
from anju.engine.values import NA

D = Decimal


def unit(code: str, name: str, **values: str) -> UnitValues:
    return UnitValues(code, name, {key: D(value) for key, value in values.items()})


RATE = IndicatorSpec("rate", Formula.parse("started / task * 100"), 2)
TABLE = TableSpec(
    code="t",
    title="开工率",
    columns=(
        ColumnSpec("unit", "地区", "unit"),
        ColumnSpec("task", "任务", "value", source="task"),
        ColumnSpec("started", "开工", "value", source="started"),
        ColumnSpec("rate", "开工率", "value", source="rate", places=2, suffix="%"),
        # A rate each unit reports as a figure (资金到位率): summing it is what printed 1633.56%.
        ColumnSpec("funded", "资金到位率", "value", source="funded", places=2, suffix="%"),
        ColumnSpec("rank", "排序", "rank"),
    ),
    keys=(SortKey("rate"),),
    indicators=(RATE,),
)
UNITS = [
    unit("1", "甲县", task="2000", started="1241", funded="81.5"),
    unit("2", "乙县", task="250", started="153", funded="92.25"),
    unit("3", "丙县", task="1475", started="900", funded="77"),
]


def total_texts(spec: TableSpec, **kwargs: object) -> list[str]:
    table = build_table(spec, UNITS, **kwargs)  # type: ignore[arg-type]
    assert table.total is not None
    return [cell.text for cell in table.total.cells]


def test_by_default_a_figure_is_summed_and_an_indicator_recomputed_on_the_sums() -> None:
    # The default is today's: even a reported rate is summed (the cause of 1633.56%); the
    # programme's loader gives such a column ``total: none`` unless it says otherwise.
    assert total_texts(TABLE) == ["合  计", "3725", "2294", "61.58%", "250.75%", ""]


def test_a_column_total_none_is_blank() -> None:
    funded = replace(TABLE.columns[4], total="none")
    spec = replace(TABLE, columns=(*TABLE.columns[:4], funded, TABLE.columns[5]))
    assert total_texts(spec) == ["合  计", "3725", "2294", "61.58%", "", ""]


def test_a_rate_column_totals_as_an_indicator_of_the_sums_at_its_own_precision() -> None:
    # The reported rate's column totals as the rate of the sums, printed at the column's places.
    funded = replace(TABLE.columns[4], total="rate", places=1)
    spec = replace(TABLE, columns=(*TABLE.columns[:4], funded, TABLE.columns[5]))
    assert total_texts(spec)[4] == "61.6%"  # 2294 / 3725 = 61.584…%


def test_total_none_leaves_out_the_row() -> None:
    table = build_table(replace(TABLE, total="none"), UNITS)
    assert table.total is None
    assert len(table.rows) == 3


def test_a_blank_total_label_is_a_blank_label() -> None:
    assert total_texts(replace(TABLE, total_label=""))[0] == ""


def test_a_stated_total_prints_the_scope_s_own_plan_and_its_rate() -> None:
    # A nation's plan is handed down whole; the listed units do not add up to it.
    stated = {"task": D("6000")}
    texts = total_texts(replace(TABLE, total="stated"), stated=stated)
    assert texts[:4] == ["合  计", "6000", "2294", "38.23%"]  # 2294 / 6000 = 38.2333…


def test_a_stated_total_falls_back_to_the_sum_for_figures_the_scope_does_not_state() -> None:
    texts = total_texts(replace(TABLE, total="stated"), stated={"started": NA})
    assert texts[:4] == ["合  计", "3725", "2294", "61.58%"]


def test_stated_figures_are_ignored_by_a_summed_total() -> None:
    assert total_texts(TABLE, stated={"task": D("6000")})[1] == "3725"


def test_the_rows_and_ranks_do_not_depend_on_the_total() -> None:
    plain = build_table(TABLE, UNITS)
    stated = build_table(replace(TABLE, total="stated"), UNITS, stated={"task": D("6000")})
    assert plain.rows == stated.rows


def test_a_column_in_wan_prints_the_figure_divided_at_its_places_half_up() -> None:
    spec = replace(
        TABLE,
        columns=(
            TABLE.columns[0],
            replace(TABLE.columns[1], places=2, suffix="万套", scale=4),
            replace(TABLE.columns[2], places=1, scale=8),
        ),
    )
    wan = [unit("1", "甲省", task="13850", started="459999999")]
    table = build_table(spec, wan)
    assert [cell.text for cell in table.rows[0].cells] == ["甲省", "1.39万套", "4.6"]
    assert table.rows[0].cells[1].value == D("1.39")
