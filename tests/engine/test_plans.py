"""Monthly plans in the engine: the checks on a plan, a unit's standing against it, and the
goal, gap and 完成月计划% columns of a table."""

from __future__ import annotations

from decimal import Decimal

from anju.engine.plans import PlanElement, plan_indicators, plan_problems, plan_standing
from anju.engine.ranking import SortKey
from anju.engine.tables import ColumnSpec, TableSpec, UnitValues, build_table
from anju.engine.values import NA

D = Decimal
STARTED = PlanElement("pg_started", "棚改开工数", 0, cumulative=True, measure="套")
INVEST = PlanElement("invest", "完成投资", 2, cumulative=True, measure="万元")
HOUSED = PlanElement("housed", "在住户数", 0, cumulative=False, measure="户")


def messages(problems: list[tuple[int, str]]) -> list[str]:
    return [message for _, message in problems]


def test_a_rising_plan_within_the_target_passes() -> None:
    plan = {1: D(0), 2: D(50), 3: D(120), 6: D(400), 12: D(1000)}
    assert plan_problems(STARTED, plan, target=D(1000)) == []


def test_a_cumulative_plan_may_not_fall_and_the_message_names_the_months() -> None:
    problems = plan_problems(STARTED, {3: D(120), 4: D(100)}, target=D(1000))
    assert problems == [
        (4, "棚改开工数 4月：累计计划数 100套 小于 3月的 120套，累计计划应逐月不减"),
    ]


def test_a_stock_figure_may_fall() -> None:
    assert plan_problems(HOUSED, {3: D(120), 4: D(100)}) == []


def test_places_are_the_elements() -> None:
    assert messages(plan_problems(STARTED, {5: D("10.5")})) == [
        "棚改开工数 5月：计划数应为整数，现为 10.5"
    ]
    assert plan_problems(INVEST, {5: D("10.25")}) == []
    assert messages(plan_problems(INVEST, {5: D("10.255")})) == [
        "完成投资 5月：计划数应为最多 2 位小数，现为 10.255"
    ]


def test_above_the_target_needs_a_reason() -> None:
    plan = {11: D(900), 12: D(1100)}
    assert messages(plan_problems(STARTED, plan, target=D(1000))) == [
        "棚改开工数 12月：计划数 1100套 超过年度任务 1000套；如确需超过，请在说明中写明理由"
    ]
    assert plan_problems(STARTED, plan, target=D(1000), explained=True) == []


def test_negative_goals_are_refused() -> None:
    assert messages(plan_problems(STARTED, {1: D(-1)})) == ["棚改开工数 1月：计划数不能为负数"]


def test_standing_against_the_plan() -> None:
    plan = {6: D(400), 7: D(550)}
    standing = plan_standing(STARTED, plan, 6, D(350))
    assert standing.goal == D(400)
    assert standing.gap == D(50)
    assert standing.rate == D("87.50")
    assert standing.met is False
    assert standing.next_goal == D(550)
    assert standing.next_needed == D(200)


def test_standing_ahead_of_the_plan_has_a_negative_gap_and_needs_nothing() -> None:
    standing = plan_standing(STARTED, {6: D(300), 7: D(320)}, 6, D(333))
    assert standing.gap == D(-33)
    assert standing.rate == D("111.00")
    assert standing.met is True
    assert standing.next_needed == D(0)


def test_standing_without_a_goal_for_the_month_is_not_applicable() -> None:
    standing = plan_standing(STARTED, {7: D(550)}, 6, D(350))
    assert standing.goal is NA
    assert standing.gap is NA
    assert standing.rate is NA
    assert standing.met is None
    assert plan_standing(STARTED, {12: D(9)}, 12, D(9)).next_goal is NA


def test_rate_is_half_up_at_two_places() -> None:
    # 2 / 3 × 100 = 66.666… → 66.67; 1 / 8 × 100 = 12.5 exactly
    assert plan_standing(STARTED, {6: D(3)}, 6, D(2)).rate == D("66.67")
    assert plan_standing(STARTED, {6: D(8)}, 6, D(1)).rate == D("12.50")


def test_table_columns_show_goal_gap_and_rate_and_the_total_is_the_rate_of_sums() -> None:
    spec = TableSpec(
        code="plan",
        title="月计划完成情况",
        columns=(
            ColumnSpec("unit", "县（市、区）", "unit"),
            ColumnSpec("goal", "月计划", "value", source="pg_started_plan", places=0),
            ColumnSpec("actual", "实际", "value", source="pg_started", places=0),
            ColumnSpec("gap", "差距", "value", source="pg_started_gap", places=0),
            ColumnSpec("rate", "完成月计划%", "value", source="pg_started_plan_rate", places=2),
            ColumnSpec("rank", "排序", "rank"),
        ),
        keys=(SortKey("pg_started_plan_rate"),),
        indicators=plan_indicators([STARTED]),
    )
    units = [
        UnitValues("1", "甲县", {"pg_started": D(90), "pg_started_plan": D(120)}),
        UnitValues("2", "乙县", {"pg_started": D(66), "pg_started_plan": D(60)}),
        UnitValues("3", "丙县", {"pg_started": D(10)}),  # no plan
    ]
    table = build_table(spec, units)
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows == [
        ["乙县", "60", "66", "-6", "110.00", "1"],
        ["甲县", "120", "90", "30", "75.00", "2"],
        ["丙县", "", "10", "", "", ""],
    ]
    assert table.total is not None
    # The total is of the sums: 180 − 166 = 14 and 166 ÷ 180 × 100 = 92.222… → 92.22 (丙县
    # has no goal, but its figure counts in the actual total as in every other column).
    assert [cell.text for cell in table.total.cells] == ["合  计", "180", "166", "14", "92.22", ""]
