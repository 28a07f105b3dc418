"""Narrative lists: rank numbers, tied units grouped, units at zero, lists by condition,
a chosen separator, milestone status in prose, and change since the previous month."""

from __future__ import annotations

from decimal import Decimal

import pytest

from anju.engine.change import change_values, with_previous
from anju.engine.formula import Formula, IndicatorSpec
from anju.engine.lists import MilestoneRule
from anju.engine.narrative import NarrativeContext, NarrativeError, check_template, render_template
from anju.engine.tables import scope_totals, unit_figures
from anju.engine.values import NA

D = Decimal
RATE = IndicatorSpec(code="rate", formula=Formula.parse("done / task * 100"), places=2)
# (name, task, done this month, done last month)
ROWS = [
    ("任城区", 400, 400, 380),
    ("兖州区", 300, 255, 240),
    ("曲阜市", 200, 120, 120),
    ("邹城市", 500, 500, 470),
    ("微山县", 250, 0, 0),
    ("金乡县", 150, 150, 150),
    ("泗水县", 120, 120, 100),
    ("梁山县", 180, 0, 0),
    ("嘉祥县", 300, 90, 60),
]


def context(with_last_month: bool = True) -> NarrativeContext:
    units = []
    for name, task, done, before in ROWS:
        values = with_previous(
            {"task": D(task), "done": D(done)},
            {"task": D(task), "done": D(before)} if with_last_month else None,
        )
        units.append((name, values))
    from anju.engine.tables import UnitValues

    unit_values = [UnitValues(name, name, values) for name, values in units]
    return NarrativeContext(
        year=2023,
        month=9,
        day=30,
        scope="济宁市",
        totals=scope_totals([RATE], unit_values),
        units=[(name, unit_figures([RATE], values)) for name, values in units],
        places={"task": 0, "done": 0, "rate": 2},
        trimmed=frozenset({"task", "done"}),
        milestones={"m70": MilestoneRule(target="task", actual="done", threshold=D(70))},
    )


CODES = frozenset({"task", "done", "rate"})


def fill(template: str, ctx: NarrativeContext | None = None) -> str:
    check_template(template, CODES, frozenset({"m70"}))
    return render_template(template, ctx or context())


def test_rank_numbers_with_tied_units_grouped() -> None:
    assert fill("{list.rate|grouped|sep ；:{rank}、{name}{value}%}") == (
        "1、任城区、邹城市、金乡县、泗水县100.00%；5、兖州区85.00%；6、曲阜市60.00%；"
        "7、嘉祥县30.00%"
    )


def test_units_at_zero_and_a_chosen_separator() -> None:
    assert fill("仍没有项目开工的有{list.done|zero|sep 、:{name}}。") == (
        "仍没有项目开工的有微山县、梁山县。"
    )
    assert fill("{list.done|为零|并列合并:{name}（{count}个）}") == "微山县、梁山县（2个）"


def test_lists_by_condition() -> None:
    # The 州's rate is 1635 / 2400 = 68.13%: the average an indicator is measured against.
    assert fill("{list.rate|below average|sep 、:{name}{value}%}") == (
        "曲阜市60.00%、嘉祥县30.00%、微山县0.00%、梁山县0.00%"
    )
    assert fill("{list.rate|高于平均|升序|分隔、:{name}}") == (
        "兖州区、任城区、邹城市、金乡县、泗水县"
    )
    assert fill("{list.done|top 3:{name}{value}}") == "邹城市500，任城区400，兖州区255"
    # Tied at the third place from the bottom: both are named.
    assert fill("{list.rate|bottom 3|asc|grouped:{rank}.{name}}") == "8.微山县、梁山县，7.嘉祥县"


def test_bands_by_figure() -> None:
    assert fill("{list.rate|at least 100|grouped:{name}}") == "任城区、邹城市、金乡县、泗水县"
    assert fill("{list.rate|不低于50|低于100:{name}}") == "兖州区，曲阜市"
    assert fill("{list.rate|under 50|sep 、:{name}}") == "嘉祥县、微山县、梁山县"


def test_milestone_status_in_prose() -> None:
    template = "开工率{list.rate|below m70|none 均超过70%|sep 、:{name}{value}%}"
    assert fill(template) == "开工率曲阜市60.00%、嘉祥县30.00%、微山县0.00%、梁山县0.00%"
    passed = NarrativeContext(**{**context().__dict__, "units": context().units[:4:3]})
    assert render_template(template, passed) == "开工率均超过70%"


def test_change_since_last_month_of_a_figure_and_a_rate() -> None:
    ctx = context()
    assert fill("与上月相比新增开工{change.done}套，开工率提高{change.rate}个百分点", ctx) == (
        "与上月相比新增开工115套，开工率提高4.80个百分点"
    )
    assert fill("{list.change.done|sep 、:{name}{value}套}") == (
        "邹城市30套、嘉祥县30套、任城区20套、泗水县20套、兖州区15套"
    )
    assert fill("本月无进展：{list.change.done|zero|sep 、:{name}}") == (
        "本月无进展：曲阜市、微山县、金乡县、梁山县"
    )
    assert fill("{list.done|top 1:{name}{value}套（较上月增加{change}套）}") == (
        "邹城市500套（较上月增加30套）"
    )


def test_without_last_month_a_change_is_left_empty() -> None:
    assert fill("[{change.done}]", context(with_last_month=False)) == "[]"
    assert change_values([RATE], {"done": D(1)}) == {}
    assert change_values([RATE], {"done": D(3), "previous.done": NA}, ["done"]) == {
        "change.done": NA
    }


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "开工率{list.rate|grouped|first 3:{name}}",
            "第23个字符处：“first 3”不是可用的列表选项（可用 grouped、zero、all、unpublished、"
            "above average、"
            "below average、top N、bottom N、below 节点目标代码、at least N、under N、asc、"
            "sep 分隔符、none 文字）",
        ),
        ("{list.rate|top 0:{name}}", "第12个字符处：“top 0”的个数至少为1"),
        ("{list.rate|below m80:{name}}", "第1个字符处：节点目标“m80”未定义"),
        ("{total.rate|grouped}", "第1个字符处：只有 {list.…} 可以带“|”选项"),
        ("{change.dome}", "第1个字符处的占位符“{change.dome}”不存在"),
    ],
)
def test_a_wrong_option_names_its_position(template: str, message: str) -> None:
    with pytest.raises(NarrativeError) as caught:
        check_template(template, CODES, frozenset({"m70"}))
    assert str(caught.value) == message
