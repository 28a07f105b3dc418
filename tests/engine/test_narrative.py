"""Narrative templates: the seed's sentences written from figures."""

from __future__ import annotations

from decimal import Decimal

import pytest

from anju.engine.narrative import (
    NarrativeContext,
    NarrativeError,
    check_template,
    render_template,
)
from anju.engine.values import NA

D = Decimal
CONTEXT = NarrativeContext(
    year=2017,
    month=6,
    day=30,
    scope="迪庆州",
    totals={
        "pg_started": D(2294),
        "pg_task": D(3725),
        "pg_rate": D("61.58"),
        "jb_done": D(172),
        "jb_rate": D("4.6"),
        "invest": D("16267.62"),
        "hbh_households": D(153),
    },
    units=(
        ("香格里拉市", {"pg_started": D(1241), "hbh_households": NA}),
        ("德钦县", {"pg_started": D(153), "hbh_households": D(153)}),
        ("维西县", {"pg_started": D(900)}),
        ("开发区", {"pg_started": D(0)}),
    ),
    places={
        "pg_started": 0,
        "pg_task": 0,
        "pg_rate": 2,
        "jb_rate": 1,
        "invest": 2,
        "hbh_households": 0,
        "jb_done": 0,
    },
    trimmed=frozenset({"pg_started", "pg_task", "invest", "hbh_households", "jb_done"}),
)
CODES = frozenset(CONTEXT.places)


def test_totals_and_rates_are_written_at_their_precision() -> None:
    text = (
        "截止{year}年{month}月底，全州开工{total.pg_started}套，"
        "开工率为{total.pg_rate}%；完成投资{total.invest}万元。"
    )
    assert render_template(text, CONTEXT) == (
        "截止2017年6月底，全州开工2294套，开工率为61.58%；完成投资16267.62万元。"
    )


def test_a_list_names_units_with_a_figure_largest_first() -> None:
    text = "其中：{list.pg_started:{name}开工{value}套}。"
    assert render_template(text, CONTEXT) == (
        "其中：香格里拉市开工1241套，维西县开工900套，德钦县开工153套。"
    )
    assert render_template("货币化安置{list.hbh_households:{name}{value}户}", CONTEXT) == (
        "货币化安置德钦县153户"
    )


def test_a_missing_total_is_left_empty_not_zero() -> None:
    assert render_template("[{total.gzf_rate}]", CONTEXT) == "[]"


def test_literal_braces() -> None:
    assert render_template("{{注}}{year}", CONTEXT) == "{注}2017"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("开工{total.pg_strted}套", "第3个字符处的占位符“{total.pg_strted}”不存在"),
        ("开工{total.pg_started", "第3个字符处的“{”没有对应的“}”"),
        ("开工}", "第3个字符处多了“}”"),
        (
            "{list.pg_started}",
            "第1个字符处的“{list.pg_started}”缺少每项的写法，例如 {list.pg_started:{name}{value}}",
        ),
        (
            "{list.pg_started:{unit}}",
            "第1个字符处：“{unit}”不是可用的项目字段"
            "（可用 {name}、{value}、{rank}、{count}、{change}）",
        ),
        ("{total.pg_rate:{name}}", "第1个字符处的“{total.pg_rate}”不需要“:”后的写法"),
    ],
)
def test_malformed_templates_are_refused_with_the_position(template: str, message: str) -> None:
    with pytest.raises(NarrativeError) as caught:
        check_template(template, CODES)
    assert str(caught.value) == message


def test_a_list_of_the_units_that_did_not_publish_a_figure() -> None:
    context = NarrativeContext(
        year=2019,
        month=6,
        day=30,
        scope="全国",
        totals={},
        units=(("云南省", {}), ("山东省", {"started": D(5)}), ("西藏自治区", {})),
        places={"started": 0},
        unpublished={
            "云南省": frozenset({"started", "rate"}),
            "西藏自治区": frozenset({"started", "rate"}),
        },
    )
    text = (
        "{list.rate|unpublished|sep 、|none 无:{name}}开工率{list.started|暂未公布|grouped:{value}}"
    )
    assert render_template(text, context) == "云南省、西藏自治区开工率暂未公布"
    assert render_template("{list.invest|unpublished|none 无:{name}}", context) == "无"
