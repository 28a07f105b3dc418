"""Composite scores (综合考评): scoring rules, caps, floors, bands, ties and a missing target."""

from __future__ import annotations

from decimal import Decimal

import pytest

from anju.engine.formula import Formula, IndicatorSpec, dependency_order
from anju.engine.ranking import SortKey
from anju.engine.scores import ScoreBand, ScorePart, ScoreSpec, score_indicators, score_part
from anju.engine.tables import ColumnSpec, TableSpec, UnitValues, build_table, unit_figures

D = Decimal
INVEST = ScorePart("s_invest", actual="invest", target="invest_task", points=D(15))
START = ScorePart(
    "s_start", actual="started", target="task", points=D(30), full_at=D(90), floor=D(50)
)
DONE = ScorePart("s_done", actual="done", target="done_task", points=D(20), rule="threshold")
FUNDS = ScorePart(
    "s_funds",
    actual="funds",
    target="funds_due",
    points=D(10),
    rule="bands",
    bands=(ScoreBand(D(100), D(10)), ScoreBand(D(80), D(6)), ScoreBand(D(60), D(3))),
)
SCORE = ScoreSpec("score", (INVEST, START, DONE, FUNDS), places=2)


def scored(part: ScorePart, **figures: int | str) -> Decimal | None:
    value = score_part(part, {code: D(str(v)) for code, v in figures.items()})
    return None if not isinstance(value, Decimal) else value


def test_proportional_is_the_rate_times_the_points_capped_at_full_marks() -> None:
    assert scored(INVEST, invest=3, invest_task=4) == D("11.25")  # 75% of 15
    assert scored(INVEST, invest=5, invest_task=4) == D(15)  # 125%: capped at 15


def test_proportional_reaches_full_marks_at_full_at_and_scores_zero_below_the_floor() -> None:
    assert scored(START, started=45, task=50) == D(30)  # 90% earns the full 30
    assert scored(START, started=30, task=50) == D(20)  # 60% of the 90%: 20
    assert scored(START, started=24, task=50) == D(0)  # 48% is under the floor of 50%


def test_threshold_gives_all_or_nothing() -> None:
    assert scored(DONE, done=100, done_task=100) == D(20)
    assert scored(DONE, done=99, done_task=100) == D(0)


def test_bands_give_the_points_of_the_first_band_reached() -> None:
    assert scored(FUNDS, funds=100, funds_due=100) == D(10)
    assert scored(FUNDS, funds=80, funds_due=100) == D(6)
    assert scored(FUNDS, funds="79.99", funds_due=100) == D(3)
    assert scored(FUNDS, funds=59, funds_due=100) == D(0)


def test_a_part_without_a_target_scores_full_by_default_or_as_the_part_says() -> None:
    assert scored(INVEST, invest=10) == D(15)  # no target handed down: full marks
    assert scored(INVEST, invest=10, invest_task=0) == D(15)  # a zero target is none
    zero = ScorePart("z", actual="a", target="t", points=D(5), no_target="zero")
    none = ScorePart("n", actual="a", target="t", points=D(5), no_target="none")
    assert scored(zero, a=1) == D(0)
    assert scored(none, a=1) is None


def test_a_target_without_a_reported_figure_has_no_score() -> None:
    assert scored(INVEST, invest_task=10) is None


def test_parts_must_be_worth_something_and_bands_need_bands() -> None:
    with pytest.raises(ValueError):
        ScorePart("x", actual="a", target="t", points=D(0))
    with pytest.raises(ValueError):
        ScorePart("x", actual="a", target="t", points=D(5), rule="bands")


UNIT = {
    "invest": D(2),
    "invest_task": D(3),  # 66.666…% of 15 = 10.00
    "started": D(41),
    "task": D(60),  # 68.333…% of 90% of 30 = 22.777… → 22.78
    "done": D(10),
    "done_task": D(10),  # 20
    "funds": D(85),
    "funds_due": D(100),  # 6
}


def test_the_total_is_the_sum_of_the_parts_as_rounded_half_up() -> None:
    figures = unit_figures(score_indicators([SCORE]), UNIT)
    assert figures["s_invest"] == D("10.00")
    assert figures["s_start"] == D("22.78")
    assert figures["score"] == D("58.78")


def test_a_total_with_a_part_unscored_has_no_figure() -> None:
    unreported = {code: value for code, value in UNIT.items() if code != "done"}
    figures = unit_figures(score_indicators([SCORE]), unreported)
    assert figures["s_invest"] == D("10.00")
    assert not isinstance(figures["s_done"], Decimal)
    assert not isinstance(figures["score"], Decimal)


def test_a_part_may_score_an_indicator_computed_before_it() -> None:
    funds = IndicatorSpec("funds", Formula.parse("central + local"), 0)
    specs = dependency_order([*score_indicators([ScoreSpec("score", (FUNDS,))]), funds])
    assert specs[0].code == "funds"
    figures = unit_figures(specs, {"central": D(50), "local": D(30), "funds_due": D(100)})
    assert figures["score"] == D("6.00")


TABLE = TableSpec(
    code="score",
    title="考评得分",
    columns=(
        ColumnSpec("unit", "单位", "unit"),
        ColumnSpec("invest", "完成投资（15分）", "value", source="s_invest"),
        ColumnSpec("score", "总分", "value", source="score"),
        ColumnSpec("rank", "排名", "rank"),
    ),
    keys=(SortKey("score"),),
    indicators=score_indicators([ScoreSpec("score", (INVEST,), places=1)]),
)


def test_equal_total_scores_share_a_rank_and_a_unit_without_one_is_listed_after() -> None:
    units = [
        UnitValues("1", "甲县", {"invest": D(3), "invest_task": D(4)}),  # 11.25 → 11.3
        UnitValues("2", "乙县", {"invest": D(9), "invest_task": D(12)}),  # 11.3
        UnitValues("3", "丙县", {"invest": D(5), "invest_task": D(4)}),  # 15.0
        UnitValues("4", "丁县", {"invest_task": D(4)}),  # nothing reported: no score
    ]
    table = build_table(TABLE, units)
    printed = [tuple(cell.text for cell in row.cells) for row in table.rows]
    assert printed == [
        ("丙县", "15.0", "15.0", "1"),
        ("甲县", "11.3", "11.3", "2"),
        ("乙县", "11.3", "11.3", "2"),
        ("丁县", "", "", ""),
    ]
    assert table.total is not None
    # The total row scores the sums: 17 of 24 = 70.83…% of 15 = 10.625 → 10.6.
    assert [cell.text for cell in table.total.cells][1:3] == ["10.6", "10.6"]
