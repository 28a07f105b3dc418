"""Inspection findings in bulletin prose: counts, the overdue list, and templates refused."""

from __future__ import annotations

import pytest

from anju.engine.findings import InspectionFacts, OverdueFinding
from anju.engine.narrative import NarrativeContext, NarrativeError, check_template, render_template

LATE = OverdueFinding(
    unit="德钦县",
    what="安置房分配未公示",
    requirement="公示分配结果",
    deadline="2017年6月15日",
    days=15,
    severity="严重",
    round="2017年第3轮专项巡查",
)


def _context(facts: InspectionFacts) -> NarrativeContext:
    return NarrativeContext(
        year=2017,
        month=6,
        day=30,
        scope="迪庆州",
        totals={},
        units=[],
        places={},
        inspections=facts,
    )


def test_counts_and_the_overdue_list_are_written() -> None:
    facts = InspectionFacts(found=5, rectified=3, escalated=1, overdue_findings=(LATE,))
    text = (
        "巡查发现问题{inspections.found}个，已整改{inspections.rectified}个，"
        "未整改{inspections.open}个，其中逾期{inspections.overdue}个"
        "（{list.inspections.overdue|sep ；:{unit}{what}，期限{deadline}，已逾期{days}天}）。"
    )
    check_template(text, frozenset())
    assert render_template(text, _context(facts)) == (
        "巡查发现问题5个，已整改3个，未整改2个，其中逾期1个"
        "（德钦县安置房分配未公示，期限2017年6月15日，已逾期15天）。"
    )


def test_no_overdue_finding_writes_the_none_text() -> None:
    text = "逾期未整改的有{list.inspections.overdue|none 无:{unit}}。"
    assert render_template(text, _context(InspectionFacts(found=2))) == "逾期未整改的有无。"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{inspections.fixed}", "不存在"),
        ("{list.inspections.overdue}", "缺少每项的写法"),
        ("{list.inspections.overdue|top 3:{unit}}", "只能带 sep 和 none"),
        ("{list.inspections.overdue:{name}}", "不是可用的项目字段"),
    ],
)
def test_a_wrong_placeholder_is_refused(text: str, message: str) -> None:
    with pytest.raises(NarrativeError, match=message):
        check_template(text, frozenset())
