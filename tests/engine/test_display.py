"""Display rules: words for a condition, a text for no figure; ranks and totals unchanged."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from anju.engine.display import TextIf
from anju.engine.formula import Formula, IndicatorSpec
from anju.engine.ranking import SortKey
from anju.engine.tables import ColumnSpec, TableSpec, UnitValues, build_table

D = Decimal
RATE = IndicatorSpec("rate", Formula.parse("started / task * 100"), 2)
ALL_STARTED = TextIf("全部开工", at_least=D(100))
TABLE = TableSpec(
    code="t",
    title="开工率",
    columns=(
        ColumnSpec("unit", "县", "unit"),
        ColumnSpec("task", "任务", "value", source="task"),
        ColumnSpec("started", "开工", "value", source="started"),
        ColumnSpec(
            "rate", "开工率", "value", source="rate", places=0, suffix="%", text_if=(ALL_STARTED,)
        ),
        ColumnSpec("rank", "排序", "rank"),
    ),
    keys=(SortKey("rate"),),
    eligible_if="task",
    indicators=(RATE,),
)
UNITS = [
    UnitValues("1", "甲县", {"task": D(120), "started": D(126)}),
    UnitValues("2", "乙县", {"task": D(2000), "started": D(1999)}),  # 99.95%: prints 100%
    UnitValues("3", "丙县", {"task": D(300), "started": D(211)}),
    UnitValues("4", "丁县", {"started": D(12)}),
]


def texts(spec: TableSpec) -> list[list[str]]:
    table = build_table(spec, UNITS)
    assert table.total is not None
    return [[cell.text for cell in row.cells] for row in (*table.rows, table.total)]


def test_words_for_a_condition_tested_before_rounding_and_integer_percentages() -> None:
    assert texts(TABLE) == [
        ["甲县", "120", "126", "全部开工", "1"],
        ["乙县", "2000", "1999", "100%", "2"],
        ["丙县", "300", "211", "70%", "3"],
        ["丁县", "", "12", "", ""],
        ["合  计", "2420", "2348", "97%", ""],
    ]


def test_a_worded_cell_carries_no_figure_so_a_workbook_writes_words() -> None:
    cell = build_table(TABLE, UNITS).rows[0].cells[3]
    assert (cell.text, cell.value) == ("全部开工", None)


def test_a_cell_without_a_figure_prints_the_blank_text() -> None:
    rate = replace(TABLE.columns[3], blank="—")
    spec = replace(TABLE, columns=(*TABLE.columns[:3], rate, TABLE.columns[4]))
    assert texts(spec)[3] == ["丁县", "", "12", "—", ""]


def test_the_first_condition_met_wins_and_a_band_has_two_bounds() -> None:
    low = TextIf("进展滞后", below=D(80))
    mid = TextIf("基本达标", at_least=D(80), below=D(100))
    rate = replace(TABLE.columns[3], text_if=(ALL_STARTED, mid, low))
    spec = replace(TABLE, columns=(*TABLE.columns[:3], rate, TABLE.columns[4]))
    assert [row[3] for row in texts(spec)] == ["全部开工", "基本达标", "进展滞后", "", "基本达标"]


def test_a_condition_needs_a_bound() -> None:
    with pytest.raises(ValueError, match="at_least or below"):
        TextIf("全部开工")
