"""Ranking rules: a shared rank or a 序号, bands, declared order, the printed or exact rate."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from anju.engine.display import TextIf
from anju.engine.formula import Formula, IndicatorSpec
from anju.engine.ordering import RankRules
from anju.engine.ranking import SortKey
from anju.engine.tables import ColumnSpec, TableSpec, UnitValues, build_table

D = Decimal
TABLE = TableSpec(
    code="t",
    title="开工率",
    columns=(
        ColumnSpec("unit", "县", "unit"),
        ColumnSpec("rate", "开工率", "value", source="rate", places=1),
        ColumnSpec("rank", "排序", "rank"),
    ),
    keys=(SortKey("rate"),),
    tiebreak=(SortKey("task"),),
    eligible_if="task",
    indicators=(IndicatorSpec("rate", Formula.parse("started / task * 100"), 1),),
)
UNITS = [
    UnitValues("1", "甲县", {"task": D(1000), "started": D(612)}),  # 61.2
    UnitValues("2", "乙县", {"task": D(2000), "started": D(1223)}),  # 61.15 → 61.2
    UnitValues("3", "丙县", {"task": D(400), "started": D(200)}),  # 50.0
    UnitValues("4", "丁县", {"started": D(5)}),  # no task: not ranked
]


def rows(rules: RankRules) -> list[tuple[str, str, str]]:
    table = build_table(replace(TABLE, ranking=rules), UNITS)
    return [(r.cells[0].text, r.cells[1].text, r.cells[2].text) for r in table.rows]


def test_today_equal_printed_rates_share_a_rank_and_the_tiebreak_orders_them() -> None:
    assert rows(RankRules()) == [
        ("乙县", "61.2", "1"),
        ("甲县", "61.2", "1"),
        ("丙县", "50.0", "3"),
        ("丁县", "", ""),
    ]


def test_sequence_numbers_rows_one_to_n_as_printed() -> None:
    assert [row[2] for row in rows(RankRules(numbering="sequence"))] == ["1", "2", "3", ""]


def test_ranking_on_the_exact_rate_splits_a_printed_tie() -> None:
    assert rows(RankRules(rank_on="exact"))[:2] == [("甲县", "61.2", "1"), ("乙县", "61.2", "2")]


def test_bands_print_instead_of_ranks() -> None:
    bands = (
        TextIf("完成60%以上", at_least=D(60)),
        TextIf("50%—60%", at_least=D(50), below=D(60)),
        TextIf("50%以下", below=D(50)),
    )
    assert [row[2] for row in rows(RankRules(bands=bands))] == [
        "完成60%以上",
        "完成60%以上",
        "50%—60%",
        "",
    ]


def test_no_ranking_keeps_the_declared_order() -> None:
    table = build_table(replace(TABLE, ranking=RankRules(mode="none")), UNITS)
    assert [row.label for row in table.rows] == ["甲县", "乙县", "丙县", "丁县"]
    assert all(row.rank is None for row in table.rows)
    assert table.footnotes == ()


def test_a_table_of_some_unit_kinds_ranks_them_apart_with_their_own_total() -> None:
    pairs = zip(UNITS, ["county", "district"] * 2, strict=True)
    kinds = [replace(unit, kind=kind) for unit, kind in pairs]
    table = build_table(replace(TABLE, unit_kinds=("county",)), kinds)
    assert [(row.label, row.rank) for row in table.rows] == [("甲县", 1), ("丙县", 2)]
    assert table.total is not None
    assert table.total.cells[1].text == "58.0"  # (612 + 200) / (1000 + 400)
